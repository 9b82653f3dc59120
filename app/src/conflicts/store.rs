//! Related parties and conflict checks, always through the firm's [`FirmDb`]. A check compares
//! the searched names with every client, related party and matter title of the firm (never
//! another firm's: every query is the firm handle's), so a conflict is found even in a matter
//! the searcher may not open; such a hit says only that a matter of the firm has the name.

use std::collections::{HashMap, HashSet};

use sea_orm::{ActiveValue::Set, ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::model::{
    ConflictCheck, ConflictHit, ConflictResults, Decision, HitMatter, HitSource, MAX_HITS, Party,
    PartyForm, PartyRole, validate_names,
};
use super::names::NameKey;
use crate::error::AppError;
use crate::matters::store::{reach, visible};
use crate::ssr::auth::{CurrentUser, current_user};
use crate::ssr::db::entities::{clients, conflict_checks, matter_parties, matters, users};
use crate::ssr::db::{FirmDb, new_id, now};
use crate::ssr::errors::internal;

/// A matter as the search needs it: number, title and whether the searcher may see it.
struct MatterInfo {
    number: String,
    title: String,
    visible: bool,
}

impl MatterInfo {
    fn shown(&self, id: Uuid) -> HitMatter {
        if self.visible {
            HitMatter::Visible {
                id,
                number: self.number.clone(),
                title: self.title.clone(),
            }
        } else {
            HitMatter::Restricted
        }
    }
}

/// What a check leaves out because it is the subject of the check itself: the client a matter
/// is for always matches its own name, and a matter its own parties and title.
#[derive(Clone, Copy, Debug, Default)]
pub struct Own {
    /// The client being checked.
    pub client: Option<Uuid>,
    /// The matter being checked.
    pub matter: Option<Uuid>,
}

impl Own {
    /// The client and the matter of `matter`.
    pub fn matter(matter: &matters::Model) -> Own {
        Own {
            client: Some(matter.client_id),
            matter: Some(matter.id),
        }
    }
}

/// Searches the firm for `names`, leaving out what is `own`.
pub async fn search(
    firm: &FirmDb,
    me: &CurrentUser,
    names: Vec<String>,
    own: Own,
) -> Result<ConflictResults, AppError> {
    validate_names(&names)?;
    let keys: Vec<(String, NameKey)> = names
        .iter()
        .map(|n| (n.clone(), NameKey::of(n)))
        .filter(|(_, key)| !key.is_empty())
        .collect();
    let mut hits = Vec::new();
    let mut hit = |h: ConflictHit| hits.push(h);

    let all_clients: Vec<(Uuid, String)> = firm
        .find::<clients::Entity>()
        .select_only()
        .columns([clients::Column::Id, clients::Column::Name])
        .order_by_asc(clients::Column::Name)
        .into_tuple()
        .all(firm.conn())
        .await?;
    for (id, name) in all_clients {
        if Some(id) == own.client {
            continue;
        }
        let stored = NameKey::of(&name);
        if let Some((searched, _)) = keys.iter().find(|(_, k)| k.names_match(&stored)) {
            hit(ConflictHit {
                searched: searched.clone(),
                source: HitSource::Client,
                client_id: Some(id),
                role: None,
                matter: None,
                found: name,
            });
        }
    }

    let seen: HashSet<Uuid> = visible(firm, me)
        .select_only()
        .column(matters::Column::Id)
        .into_tuple::<Uuid>()
        .all(firm.conn())
        .await?
        .into_iter()
        .collect();
    let all_matters: Vec<(Uuid, String, String)> = firm
        .find::<matters::Entity>()
        .select_only()
        .columns([
            matters::Column::Id,
            matters::Column::Number,
            matters::Column::Title,
        ])
        .order_by_desc(matters::Column::CreatedAt)
        .into_tuple()
        .all(firm.conn())
        .await?;
    let info: HashMap<Uuid, MatterInfo> = all_matters
        .into_iter()
        .filter(|(id, ..)| Some(*id) != own.matter)
        .map(|(id, number, title)| {
            let visible = seen.contains(&id);
            (
                id,
                MatterInfo {
                    number,
                    title,
                    visible,
                },
            )
        })
        .collect();

    let all_parties: Vec<(Uuid, String, String)> = firm
        .find::<matter_parties::Entity>()
        .select_only()
        .columns([
            matter_parties::Column::MatterId,
            matter_parties::Column::Name,
            matter_parties::Column::Role,
        ])
        .order_by_asc(matter_parties::Column::Name)
        .into_tuple()
        .all(firm.conn())
        .await?;
    for (matter_id, name, role) in all_parties {
        let Some(matter) = info.get(&matter_id) else {
            continue;
        };
        let stored = NameKey::of(&name);
        if let Some((searched, _)) = keys.iter().find(|(_, k)| k.names_match(&stored)) {
            hit(ConflictHit {
                searched: searched.clone(),
                source: HitSource::Party,
                client_id: None,
                role: Some(PartyRole::parse(&role).unwrap_or(PartyRole::Other)),
                matter: Some(matter.shown(matter_id)),
                found: name,
            });
        }
    }

    let mut titled: Vec<(&Uuid, &MatterInfo)> = info.iter().collect();
    titled.sort_by(|a, b| b.1.number.cmp(&a.1.number));
    for (id, matter) in titled {
        let stored = NameKey::of(&matter.title);
        if let Some((searched, _)) = keys.iter().find(|(_, k)| k.in_title(&stored)) {
            hit(ConflictHit {
                searched: searched.clone(),
                source: HitSource::MatterTitle,
                client_id: None,
                role: None,
                matter: Some(matter.shown(*id)),
                found: if matter.visible {
                    matter.title.clone()
                } else {
                    searched.clone()
                },
            });
        }
    }
    let truncated = hits.len() > MAX_HITS;
    hits.truncate(MAX_HITS);
    Ok(ConflictResults {
        names,
        hits,
        truncated,
    })
}

/// The names a check of `matter` searches: its client's, its related parties', and `extra`.
pub async fn matter_names(
    firm: &FirmDb,
    matter: &matters::Model,
    extra: Vec<String>,
) -> Result<Vec<String>, AppError> {
    let client = firm.get::<clients::Entity>(matter.client_id).await?;
    let mut names = vec![client.name];
    names.extend(
        parties_of(firm, matter.id)
            .await?
            .into_iter()
            .map(|p| p.name),
    );
    names.extend(extra);
    Ok(super::model::split_names(&names.join("\n")))
}

/// Runs the check of `matter` again (so what is saved is what the server found) and records it
/// with the decision.
pub async fn record(
    firm: &FirmDb,
    me: &CurrentUser,
    matter: &matters::Model,
    extra: Vec<String>,
    decision: Decision,
    reason: String,
) -> Result<ConflictCheck, AppError> {
    let names = matter_names(firm, matter, extra).await?;
    let found = search(firm, me, names, Own::matter(matter)).await?;
    let hits = serde_json::to_string(&found.hits).map_err(|e| internal(&e))?;
    let row = firm
        .insert(conflict_checks::ActiveModel {
            id: Set(new_id()),
            matter_id: Set(matter.id),
            names: Set(found.names.join("\n")),
            hits: Set(hits),
            hit_count: Set(i32::try_from(found.hits.len()).unwrap_or(i32::MAX)),
            decision: Set(decision.as_str().into()),
            reason: Set(reason),
            checked_by: Set(me.id),
            created_at: Set(now()),
            ..Default::default()
        })
        .await?;
    tracing::info!(matter_id = %matter.id, hits = row.hit_count, decision = %row.decision, "conflict check recorded");
    Ok(ConflictCheck {
        id: row.id,
        names: found.names,
        hits: found.hits,
        decision,
        reason: row.reason,
        checked_by: me.name.clone(),
        created_at: row.created_at,
    })
}

/// The recorded checks of a matter `me` may see, newest first.
pub async fn checks(firm: &FirmDb, matter_id: Uuid) -> Result<Vec<ConflictCheck>, AppError> {
    let me = current_user()?;
    let matter = reach(firm, &me, matter_id).await?;
    let rows = firm
        .find::<conflict_checks::Entity>()
        .filter(conflict_checks::Column::MatterId.eq(matter.id))
        .order_by_desc(conflict_checks::Column::CreatedAt)
        .all(firm.conn())
        .await?;
    let people: HashMap<Uuid, String> = firm
        .find::<users::Entity>()
        .filter(users::Column::Id.is_in(rows.iter().map(|r| r.checked_by)))
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| ConflictCheck {
            id: r.id,
            names: r.names.lines().map(str::to_string).collect(),
            hits: serde_json::from_str(&r.hits).unwrap_or_default(),
            decision: Decision::parse(&r.decision).unwrap_or(Decision::Clear),
            reason: r.reason,
            checked_by: people.get(&r.checked_by).cloned().unwrap_or_default(),
            created_at: r.created_at,
        })
        .collect())
}

/// The related parties of matter `matter_id`, by name (the caller has reached the matter).
async fn parties_of(firm: &FirmDb, matter_id: Uuid) -> Result<Vec<Party>, AppError> {
    Ok(firm
        .find::<matter_parties::Entity>()
        .filter(matter_parties::Column::MatterId.eq(matter_id))
        .order_by_asc(matter_parties::Column::Name)
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|p| Party {
            id: p.id,
            role: PartyRole::parse(&p.role).unwrap_or(PartyRole::Other),
            name: p.name,
        })
        .collect())
}

/// The related parties of a matter `me` may see.
pub async fn parties(firm: &FirmDb, matter_id: Uuid) -> Result<Vec<Party>, AppError> {
    let me = current_user()?;
    let matter = reach(firm, &me, matter_id).await?;
    parties_of(firm, matter.id).await
}

/// Adds a related party to `matter_id` (the caller has reached the matter).
pub async fn insert_party(
    firm: &FirmDb,
    matter_id: Uuid,
    name: String,
    role: PartyRole,
) -> Result<(), AppError> {
    firm.insert(matter_parties::ActiveModel {
        id: Set(new_id()),
        matter_id: Set(matter_id),
        name: Set(name),
        role: Set(role.as_str().into()),
        created_at: Set(now()),
        ..Default::default()
    })
    .await?;
    Ok(())
}

/// Adds a related party to a matter `me` may see.
pub async fn add_party(
    firm: &FirmDb,
    matter_id: Uuid,
    form: &PartyForm,
) -> Result<Vec<Party>, AppError> {
    let me = current_user()?;
    let matter = reach(firm, &me, matter_id).await?;
    let (name, role) = form.validate_as("")?;
    insert_party(firm, matter.id, name, role).await?;
    parties_of(firm, matter.id).await
}

/// Removes a related party from a matter `me` may see (past checks keep what they found).
pub async fn remove_party(
    firm: &FirmDb,
    matter_id: Uuid,
    party_id: Uuid,
) -> Result<Vec<Party>, AppError> {
    let me = current_user()?;
    let matter = reach(firm, &me, matter_id).await?;
    let removed = firm
        .delete_many::<matter_parties::Entity>()
        .filter(matter_parties::Column::MatterId.eq(matter.id))
        .filter(matter_parties::Column::Id.eq(party_id))
        .exec()
        .await?;
    if removed == 0 {
        return Err(AppError::NotFound);
    }
    parties_of(firm, matter.id).await
}
