//! A matter's activity: what happened on it, newest first, put together from the records the
//! matter already keeps (its opening, team, related parties, conflict checks and document
//! versions). The firm's audit trail, with every change and its author, comes with the platform
//! work; this is the matter's own story.

use std::collections::HashMap;

use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, QueryFilter};
use uuid::Uuid;

use super::model::{ActivityItem, TeamRole};
use crate::conflicts::{Decision, PartyRole};
use crate::error::AppError;
use crate::ssr::auth::current_user;
use crate::ssr::db::FirmDb;
use crate::ssr::db::entities::{
    conflict_checks, document_versions, documents, matter_members, matter_parties, users,
};

/// How many items the activity tab shows.
const SHOWN: usize = 100;

/// The activity of a matter the user may see, newest first.
pub async fn of(firm: &FirmDb, matter_id: Uuid) -> Result<Vec<ActivityItem>, AppError> {
    let me = current_user()?;
    let matter = super::store::reach(firm, &me, matter_id).await?;
    let members = firm
        .find::<matter_members::Entity>()
        .filter(matter_members::Column::MatterId.eq(matter.id))
        .all(firm.conn())
        .await?;
    let parties = firm
        .find::<matter_parties::Entity>()
        .filter(matter_parties::Column::MatterId.eq(matter.id))
        .all(firm.conn())
        .await?;
    let checks = firm
        .find::<conflict_checks::Entity>()
        .filter(conflict_checks::Column::MatterId.eq(matter.id))
        .all(firm.conn())
        .await?;
    let docs: HashMap<Uuid, String> = firm
        .find::<documents::Entity>()
        .filter(documents::Column::MatterId.eq(matter.id))
        .filter(documents::Column::DeletedAt.is_null())
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let of_matter = Query::select()
        .column(documents::Column::Id)
        .from(documents::Entity)
        .and_where(documents::Column::FirmId.eq(firm.firm_id()))
        .and_where(documents::Column::MatterId.eq(matter.id))
        .to_owned();
    let versions = firm
        .find::<document_versions::Entity>()
        .filter(document_versions::Column::DocumentId.in_subquery(of_matter))
        .all(firm.conn())
        .await?;
    let people: HashMap<Uuid, String> = firm
        .find::<users::Entity>()
        .filter(
            users::Column::Id.is_in(
                members
                    .iter()
                    .map(|m| m.user_id)
                    .chain(checks.iter().map(|c| c.checked_by))
                    .chain(versions.iter().map(|v| v.uploaded_by)),
            ),
        )
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let name = |id: &Uuid| people.get(id).cloned();

    let mut items = vec![ActivityItem {
        at: matter.created_at,
        who: None,
        what: format!("Matter {} opened", matter.number),
    }];
    items.extend(members.iter().map(|m| ActivityItem {
        at: m.added_at,
        who: name(&m.user_id),
        what: format!(
            "joined the team as {}",
            TeamRole::parse(&m.role).map_or("a member", TeamRole::label)
        ),
    }));
    items.extend(parties.into_iter().map(|p| ActivityItem {
        at: p.created_at,
        who: None,
        what: format!(
            "{} recorded as {}",
            p.name,
            PartyRole::parse(&p.role)
                .map_or("a party", PartyRole::label)
                .to_lowercase()
        ),
    }));
    items.extend(checks.iter().map(|c| ActivityItem {
        at: c.created_at,
        who: name(&c.checked_by),
        what: format!(
            "recorded a conflict check: {} ({} hit{})",
            Decision::parse(&c.decision).map_or("decided", Decision::label),
            c.hit_count,
            if c.hit_count == 1 { "" } else { "s" }
        ),
    }));
    items.extend(versions.iter().filter_map(|v| {
        let doc = docs.get(&v.document_id)?;
        Some(ActivityItem {
            at: v.created_at,
            who: name(&v.uploaded_by),
            what: if v.number == 1 {
                format!("uploaded {doc}")
            } else {
                format!("uploaded version {} of {doc}", v.number)
            },
        })
    }));
    items.sort_by_key(|item| std::cmp::Reverse(item.at));
    items.truncate(SHOWN);
    Ok(items)
}
