//! Matter, team and practice area queries, always through the firm's [`FirmDb`]. Every matter is
//! reached through [`visible`], so a user without `matters.all` reaches only the matters they are
//! on the team of; any other id is `NotFound`, as another firm's is.

use std::collections::HashMap;

use chrono::Datelike;
use sea_orm::sea_query::{Expr, Func, LikeExpr, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ExprTrait, PaginatorTrait, QueryFilter, QueryOrder,
    Select,
};
use uuid::Uuid;

use super::model::{
    Choice, MATTERS_PER_PAGE, Matter, MatterFilter, MatterOptions, MatterPage, MatterRow,
    MatterStatus, Screen, TeamMember, TeamRole, ValidMatter,
};
use crate::auth::{Permission, Role};
use crate::clients::store::escape_like;
use crate::conflicts::{self, ValidOpening};
use crate::error::{AppError, FieldError};
use crate::ssr::auth::{CurrentUser, current_user};
use crate::ssr::db::entities::{
    clients, matter_members, matter_screens, matters, practice_areas, users,
};
use crate::ssr::db::{FirmDb, new_id, now};
use crate::ssr::limits::count_search;

fn invalid(field: &str, message: impl Into<String>) -> AppError {
    AppError::Invalid(vec![FieldError {
        field: field.into(),
        message: message.into(),
    }])
}

/// The ids of the matters `user` is on the team of, as a subquery.
fn team_of(firm: &FirmDb, user: Uuid) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(matter_members::Column::MatterId)
        .from(matter_members::Entity)
        .and_where(matter_members::Column::FirmId.eq(firm.firm_id()))
        .and_where(matter_members::Column::UserId.eq(user))
        .to_owned()
}

/// The ids of the matters `user` is screened from (walls in force), as a subquery.
fn walled_from(firm: &FirmDb, user: Uuid) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(matter_screens::Column::MatterId)
        .from(matter_screens::Entity)
        .and_where(matter_screens::Column::FirmId.eq(firm.firm_id()))
        .and_where(matter_screens::Column::UserId.eq(user))
        .and_where(matter_screens::Column::LiftedAt.is_null())
        .to_owned()
}

/// The matters `me` may see: all of the firm's with `matters.all`, else those of their teams;
/// never one they are screened from, whatever their role.
pub fn visible(firm: &FirmDb, me: &CurrentUser) -> Select<matters::Entity> {
    let unwalled = firm
        .find::<matters::Entity>()
        .filter(matters::Column::Id.not_in_subquery(walled_from(firm, me.id)));
    if me.can(Permission::MattersAll) {
        unwalled
    } else {
        unwalled.filter(matters::Column::Id.in_subquery(team_of(firm, me.id)))
    }
}

/// The matter `id` if `me` may see it, else `NotFound`.
pub async fn reach(firm: &FirmDb, me: &CurrentUser, id: Uuid) -> Result<matters::Model, AppError> {
    visible(firm, me)
        .filter(matters::Column::Id.eq(id))
        .one(firm.conn())
        .await?
        .ok_or(AppError::NotFound)
}

/// A page of the matters `me` may see that match `filter`, newest first (numbers are given in
/// creation order, and past 9999 in a year they no longer sort as text).
pub async fn list(firm: &FirmDb, filter: &MatterFilter, page: u64) -> Result<MatterPage, AppError> {
    let me = current_user()?;
    let mut query = visible(firm, &me);
    let q = filter.q.trim();
    if !q.is_empty() {
        count_search(&me)?;
        let pattern = format!("%{}%", escape_like(&q.to_lowercase()));
        let like = || LikeExpr::new(pattern.clone()).escape('\\');
        let named_clients = Query::select()
            .column(clients::Column::Id)
            .from(clients::Entity)
            .and_where(clients::Column::FirmId.eq(firm.firm_id()))
            .and_where(Expr::expr(Func::lower(Expr::col(clients::Column::Name))).like(like()))
            .to_owned();
        query = query.filter(
            Condition::any()
                .add(Expr::col(matters::Column::Number).like(like()))
                .add(Expr::expr(Func::lower(Expr::col(matters::Column::Title))).like(like()))
                .add(matters::Column::ClientId.in_subquery(named_clients)),
        );
    }
    if !filter.status.is_empty() {
        let status = MatterStatus::parse(&filter.status)
            .ok_or_else(|| invalid("status", "Choose open, pending or closed."))?;
        query = query.filter(matters::Column::Status.eq(status.as_str()));
    }
    if let Some(area) = filter.practice_area_id {
        query = query.filter(matters::Column::PracticeAreaId.eq(area));
    }
    if let Some(user) = filter.responsible_id {
        query = query.filter(matters::Column::ResponsibleId.eq(user));
    }
    if let Some(client) = filter.client_id {
        query = query.filter(matters::Column::ClientId.eq(client));
    }
    if filter.mine {
        query = query.filter(matters::Column::Id.in_subquery(team_of(firm, me.id)));
    }
    let query = query
        .order_by_desc(matters::Column::CreatedAt)
        .order_by_desc(matters::Column::Number);
    let found = firm.page(query, MATTERS_PER_PAGE, page).await?;
    let names = Names::load(firm, &found.rows).await?;
    Ok(MatterPage {
        items: found
            .rows
            .into_iter()
            .map(|m| MatterRow {
                id: m.id,
                client_name: names.client(m.client_id),
                practice_area: names.area(m.practice_area_id),
                responsible: names.user(m.responsible_id),
                number: m.number,
                title: m.title,
                client_id: m.client_id,
                status: MatterStatus::parse(&m.status).unwrap_or(MatterStatus::Open),
                opened_on: m.opened_on,
            })
            .collect(),
        page: found.page,
        pages: found.pages,
        total: found.total,
    })
}

/// The names a set of matters shows: their clients', practice areas' and lawyers'.
struct Names {
    clients: HashMap<Uuid, String>,
    areas: HashMap<Uuid, String>,
    users: HashMap<Uuid, String>,
}

impl Names {
    async fn load(firm: &FirmDb, rows: &[matters::Model]) -> Result<Self, AppError> {
        let client_ids: Vec<Uuid> = rows.iter().map(|m| m.client_id).collect();
        let area_ids: Vec<Uuid> = rows.iter().filter_map(|m| m.practice_area_id).collect();
        let user_ids: Vec<Uuid> = rows
            .iter()
            .flat_map(|m| [m.responsible_id, m.originating_id])
            .flatten()
            .collect();
        Ok(Names {
            clients: firm
                .find::<clients::Entity>()
                .filter(clients::Column::Id.is_in(client_ids))
                .all(firm.conn())
                .await?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect(),
            areas: firm
                .find::<practice_areas::Entity>()
                .filter(practice_areas::Column::Id.is_in(area_ids))
                .all(firm.conn())
                .await?
                .into_iter()
                .map(|a| (a.id, a.name))
                .collect(),
            users: firm
                .find::<users::Entity>()
                .filter(users::Column::Id.is_in(user_ids))
                .all(firm.conn())
                .await?
                .into_iter()
                .map(|u| (u.id, u.name))
                .collect(),
        })
    }

    fn client(&self, id: Uuid) -> String {
        self.clients.get(&id).cloned().unwrap_or_default()
    }

    fn area(&self, id: Option<Uuid>) -> Option<String> {
        id.and_then(|id| self.areas.get(&id).cloned())
    }

    fn user(&self, id: Option<Uuid>) -> Option<String> {
        id.and_then(|id| self.users.get(&id).cloned())
    }
}

/// One matter `me` may see, with its team.
pub async fn get(firm: &FirmDb, id: Uuid) -> Result<Matter, AppError> {
    let me = current_user()?;
    let matter = reach(firm, &me, id).await?;
    detail(firm, matter).await
}

async fn detail(firm: &FirmDb, m: matters::Model) -> Result<Matter, AppError> {
    let names = Names::load(firm, std::slice::from_ref(&m)).await?;
    let members = firm
        .find::<matter_members::Entity>()
        .filter(matter_members::Column::MatterId.eq(m.id))
        .all(firm.conn())
        .await?;
    let people: HashMap<Uuid, users::Model> = firm
        .find::<users::Entity>()
        .filter(users::Column::Id.is_in(members.iter().map(|member| member.user_id)))
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mut team: Vec<TeamMember> = members
        .into_iter()
        .filter_map(|member| {
            let user = people.get(&member.user_id)?;
            Some(TeamMember {
                user_id: user.id,
                name: user.name.clone(),
                email: user.email.clone(),
                role: TeamRole::parse(&member.role).unwrap_or(TeamRole::Lawyer),
            })
        })
        .collect();
    team.sort_by(|a, b| {
        (a.role != TeamRole::Lead, a.name.to_lowercase())
            .cmp(&(b.role != TeamRole::Lead, b.name.to_lowercase()))
    });
    Ok(Matter {
        id: m.id,
        client_name: names.client(m.client_id),
        practice_area: names.area(m.practice_area_id),
        responsible: names.user(m.responsible_id),
        originating: names.user(m.originating_id),
        number: m.number,
        title: m.title,
        client_id: m.client_id,
        practice_area_id: m.practice_area_id,
        status: MatterStatus::parse(&m.status).unwrap_or(MatterStatus::Open),
        opened_on: m.opened_on,
        closed_on: m.closed_on,
        description: m.description,
        responsible_id: m.responsible_id,
        originating_id: m.originating_id,
        team,
    })
}

/// The firm's active users and practice areas, by name.
pub async fn options(firm: &FirmDb) -> Result<MatterOptions, AppError> {
    let users = firm
        .find::<users::Entity>()
        .filter(users::Column::Active.eq(true))
        .order_by_asc(users::Column::Name)
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|u| Choice {
            id: u.id,
            name: u.name,
        })
        .collect();
    Ok(MatterOptions {
        users,
        practice_areas: areas(firm).await?,
    })
}

/// The firm's practice areas, by name.
pub async fn areas(firm: &FirmDb) -> Result<Vec<Choice>, AppError> {
    let mut areas: Vec<Choice> = firm
        .find::<practice_areas::Entity>()
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|a| Choice {
            id: a.id,
            name: a.name,
        })
        .collect();
    areas.sort_by_key(|a| a.name.to_lowercase());
    Ok(areas)
}

/// Checks that the form's practice area and lawyers are the firm's (users also active).
async fn check_references(firm: &FirmDb, valid: &ValidMatter) -> Result<(), AppError> {
    let mut errors = Vec::new();
    if let Some(area) = valid.practice_area_id
        && firm.get::<practice_areas::Entity>(area).await.is_err()
    {
        errors.push((
            "practice_area_id",
            "Choose one of the listed practice areas.",
        ));
    }
    for (field, user) in [
        ("responsible_id", valid.responsible_id),
        ("originating_id", valid.originating_id),
    ] {
        if let Some(user) = user
            && !firm
                .get::<users::Entity>(user)
                .await
                .is_ok_and(|u| u.active)
        {
            errors.push((field, "Choose one of the firm's active users."));
        }
    }
    if errors.is_empty() {
        return Ok(());
    }
    Err(AppError::Invalid(
        errors
            .into_iter()
            .map(|(field, message)| FieldError {
                field: field.into(),
                message: message.into(),
            })
            .collect(),
    ))
}

/// Puts `user` on the matter's team as `role`, or changes their role if they are on it.
async fn join_team(
    firm: &FirmDb,
    matter_id: Uuid,
    user: Uuid,
    role: TeamRole,
) -> Result<(), AppError> {
    let existing = firm
        .find::<matter_members::Entity>()
        .filter(matter_members::Column::MatterId.eq(matter_id))
        .filter(matter_members::Column::UserId.eq(user))
        .one(firm.conn())
        .await?;
    match existing {
        Some(member) => {
            firm.update(matter_members::ActiveModel {
                id: Set(member.id),
                role: Set(role.as_str().into()),
                ..Default::default()
            })
            .await?;
        }
        None => {
            firm.insert(matter_members::ActiveModel {
                id: Set(new_id()),
                matter_id: Set(matter_id),
                user_id: Set(user),
                role: Set(role.as_str().into()),
                added_at: Set(now()),
                ..Default::default()
            })
            .await?;
        }
    }
    Ok(())
}

/// What the user who opens a matter does on its team: lead if nobody else is responsible,
/// else as their firm role suggests.
fn opener_role(me: &CurrentUser, responsible: Option<Uuid>) -> TeamRole {
    if responsible.is_none_or(|r| r == me.id) {
        TeamRole::Lead
    } else if me.role == Role::Paralegal.as_str() {
        TeamRole::Paralegal
    } else {
        TeamRole::Lawyer
    }
}

/// Opens a matter for the firm's client `client_id` with the next number of this year, adds
/// its related parties, and records its conflict check with the decision taken.
pub async fn create(
    firm: &FirmDb,
    client_id: Uuid,
    valid: ValidMatter,
    opening: ValidOpening,
) -> Result<Matter, AppError> {
    let me = current_user()?;
    firm.get::<clients::Entity>(client_id).await?;
    check_references(firm, &valid).await?;
    let year = crate::firm_profile::store::today(firm).await?.year();
    let seq = firm.next_number("matter", year).await?;
    let stamp = now();
    let matter = firm
        .insert(matters::ActiveModel {
            id: Set(new_id()),
            number: Set(format!("{year}-{seq:04}")),
            title: Set(valid.title),
            client_id: Set(client_id),
            practice_area_id: Set(valid.practice_area_id),
            status: Set(MatterStatus::Open.as_str().into()),
            opened_on: Set(valid.opened_on),
            closed_on: Set(None),
            description: Set(valid.description),
            responsible_id: Set(valid.responsible_id),
            originating_id: Set(valid.originating_id),
            created_at: Set(stamp),
            updated_at: Set(stamp),
            ..Default::default()
        })
        .await?;
    join_team(
        firm,
        matter.id,
        me.id,
        opener_role(&me, valid.responsible_id),
    )
    .await?;
    if let Some(responsible) = valid.responsible_id {
        join_team(firm, matter.id, responsible, TeamRole::Lead).await?;
    }
    for (name, role) in opening.parties {
        conflicts::store::insert_party(firm, matter.id, name, role).await?;
    }
    let (decision, reason) = (opening.decision, opening.reason);
    conflicts::store::record(firm, &me, &matter, Vec::new(), decision, reason).await?;
    tracing::info!(matter_id = %matter.id, number = %matter.number, "matter opened");
    detail(firm, matter).await
}

/// Changes a matter `me` may see. Closing sets the close date (today); reopening clears it. A
/// new responsible lawyer joins the team as lead.
pub async fn update(firm: &FirmDb, id: Uuid, valid: ValidMatter) -> Result<Matter, AppError> {
    let me = current_user()?;
    let before = reach(firm, &me, id).await?;
    check_references(firm, &valid).await?;
    if let Some(responsible) = valid.responsible_id
        && screened(firm, id, responsible).await?
    {
        let name = firm.get::<users::Entity>(responsible).await?.name;
        return Err(screened_refusal("responsible_id", &name));
    }
    let closed_on = match (valid.status, before.closed_on) {
        (MatterStatus::Closed, Some(on)) => Some(on),
        (MatterStatus::Closed, None) => Some(crate::firm_profile::store::today(firm).await?),
        _ => None,
    };
    let matter = firm
        .update(matters::ActiveModel {
            id: Set(id),
            title: Set(valid.title),
            practice_area_id: Set(valid.practice_area_id),
            status: Set(valid.status.as_str().into()),
            opened_on: Set(valid.opened_on),
            closed_on: Set(closed_on),
            description: Set(valid.description),
            responsible_id: Set(valid.responsible_id),
            originating_id: Set(valid.originating_id),
            updated_at: Set(now()),
            ..Default::default()
        })
        .await?;
    if let Some(responsible) = valid.responsible_id
        && before.responsible_id != Some(responsible)
    {
        join_team(firm, id, responsible, TeamRole::Lead).await?;
    }
    detail(firm, matter).await
}

/// Adds an active user of the firm to the team of a matter `me` may see, or changes their role.
pub async fn add_member(
    firm: &FirmDb,
    matter_id: Uuid,
    user_id: Uuid,
    role: &str,
) -> Result<Matter, AppError> {
    let me = current_user()?;
    let matter = reach(firm, &me, matter_id).await?;
    let role =
        TeamRole::parse(role).ok_or_else(|| invalid("role", "Choose a role on the team."))?;
    let user = firm.get::<users::Entity>(user_id).await?;
    if !user.active {
        return Err(invalid(
            "user_id",
            format!("{} is deactivated; reactivate them first.", user.name),
        ));
    }
    if screened(firm, matter.id, user.id).await? {
        return Err(screened_refusal("user_id", &user.name));
    }
    join_team(firm, matter.id, user.id, role).await?;
    tracing::info!(matter_id = %matter.id, user_id = %user.id, "team member added");
    detail(firm, matter).await
}

/// Takes a user off the team of a matter `me` may see; not its responsible lawyer.
pub async fn remove_member(
    firm: &FirmDb,
    matter_id: Uuid,
    user_id: Uuid,
) -> Result<Matter, AppError> {
    let me = current_user()?;
    let matter = reach(firm, &me, matter_id).await?;
    if matter.responsible_id == Some(user_id) {
        return Err(invalid(
            "user_id",
            "The responsible lawyer stays on the team: choose another responsible lawyer first.",
        ));
    }
    let removed = firm
        .delete_many::<matter_members::Entity>()
        .filter(matter_members::Column::MatterId.eq(matter.id))
        .filter(matter_members::Column::UserId.eq(user_id))
        .exec()
        .await?;
    if removed == 0 {
        return Err(AppError::NotFound);
    }
    tracing::info!(matter_id = %matter.id, user_id = %user_id, "team member removed");
    detail(firm, matter).await
}

/// Adds a practice area whose name no other area of the firm has (in any case).
pub async fn create_area(firm: &FirmDb, name: String) -> Result<Choice, AppError> {
    let lower = name.to_lowercase();
    if areas(firm)
        .await?
        .iter()
        .any(|a| a.name.to_lowercase() == lower)
    {
        return Err(invalid(
            "name",
            format!("The firm already has a practice area called {name}."),
        ));
    }
    let area = firm
        .insert(practice_areas::ActiveModel {
            id: Set(new_id()),
            name: Set(name),
            created_at: Set(now()),
            ..Default::default()
        })
        .await?;
    Ok(Choice {
        id: area.id,
        name: area.name,
    })
}

/// Deletes a practice area that no matter is filed under.
pub async fn delete_area(firm: &FirmDb, id: Uuid) -> Result<(), AppError> {
    let area = firm.get::<practice_areas::Entity>(id).await?;
    let used = firm
        .find::<matters::Entity>()
        .filter(matters::Column::PracticeAreaId.eq(id))
        .count(firm.conn())
        .await?;
    if used > 0 {
        let matters = if used == 1 {
            "matter is"
        } else {
            "matters are"
        };
        return Err(invalid(
            "name",
            format!(
                "{used} {matters} filed under {}: move them to another practice area first.",
                area.name
            ),
        ));
    }
    firm.delete_many::<practice_areas::Entity>()
        .filter(practice_areas::Column::Id.eq(id))
        .exec()
        .await?;
    Ok(())
}

/// The walls of a matter `me` may see, newest first.
pub async fn screens(firm: &FirmDb, matter_id: Uuid) -> Result<Vec<Screen>, AppError> {
    let me = current_user()?;
    let matter = reach(firm, &me, matter_id).await?;
    let rows = firm
        .find::<matter_screens::Entity>()
        .filter(matter_screens::Column::MatterId.eq(matter.id))
        .order_by_desc(matter_screens::Column::CreatedAt)
        .all(firm.conn())
        .await?;
    let ids = rows
        .iter()
        .flat_map(|r| [Some(r.user_id), Some(r.screened_by), r.lifted_by])
        .flatten();
    let names: HashMap<Uuid, String> = firm
        .find::<users::Entity>()
        .filter(users::Column::Id.is_in(ids))
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let name = |id: &Uuid| names.get(id).cloned().unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|r| Screen {
            user_id: r.user_id,
            name: name(&r.user_id),
            reason: r.reason,
            screened_by: name(&r.screened_by),
            created_at: r.created_at,
            lifted: r.lifted_by.as_ref().map(name).zip(r.lifted_at),
        })
        .collect())
}

/// Whether a screen between `user` and the matter is in force.
async fn screened(firm: &FirmDb, matter_id: Uuid, user: Uuid) -> Result<bool, AppError> {
    Ok(firm
        .find::<matter_screens::Entity>()
        .filter(matter_screens::Column::MatterId.eq(matter_id))
        .filter(matter_screens::Column::UserId.eq(user))
        .filter(matter_screens::Column::LiftedAt.is_null())
        .count(firm.conn())
        .await?
        > 0)
}

/// The refusal for putting a screened user on a matter.
fn screened_refusal(field: &str, name: &str) -> AppError {
    invalid(
        field,
        format!("{name} is screened from this matter; lift the screen first."),
    )
}

/// Screens a user of the firm from a matter `me` may see, and takes them off its team. Not
/// oneself, not its responsible lawyer, not twice.
pub async fn screen(
    firm: &FirmDb,
    matter_id: Uuid,
    user_id: Uuid,
    reason: String,
) -> Result<Vec<Screen>, AppError> {
    let me = current_user()?;
    let matter = reach(firm, &me, matter_id).await?;
    let user = firm.get::<users::Entity>(user_id).await?;
    if user.id == me.id {
        return Err(invalid(
            "user_id",
            "You cannot screen yourself; ask another administrator.",
        ));
    }
    if matter.responsible_id == Some(user.id) {
        return Err(invalid(
            "user_id",
            format!(
                "{} is the responsible lawyer: choose another responsible lawyer first.",
                user.name
            ),
        ));
    }
    if screened(firm, matter.id, user.id).await? {
        return Err(invalid(
            "user_id",
            format!("{} is already screened from this matter.", user.name),
        ));
    }
    firm.insert(matter_screens::ActiveModel {
        id: Set(new_id()),
        matter_id: Set(matter.id),
        user_id: Set(user.id),
        reason: Set(reason),
        screened_by: Set(me.id),
        created_at: Set(now()),
        lifted_by: Set(None),
        lifted_at: Set(None),
        ..Default::default()
    })
    .await?;
    firm.delete_many::<matter_members::Entity>()
        .filter(matter_members::Column::MatterId.eq(matter.id))
        .filter(matter_members::Column::UserId.eq(user.id))
        .exec()
        .await?;
    tracing::info!(matter_id = %matter.id, user_id = %user.id, "user screened from matter");
    screens(firm, matter.id).await
}

/// Lifts the screen in force between a user and a matter `me` may see; `NotFound` if none.
pub async fn lift(firm: &FirmDb, matter_id: Uuid, user_id: Uuid) -> Result<Vec<Screen>, AppError> {
    let me = current_user()?;
    let matter = reach(firm, &me, matter_id).await?;
    let lifted = firm
        .update_many::<matter_screens::Entity>()
        .col_expr(matter_screens::Column::LiftedBy, Expr::value(me.id))
        .col_expr(matter_screens::Column::LiftedAt, Expr::value(now()))
        .filter(matter_screens::Column::MatterId.eq(matter.id))
        .filter(matter_screens::Column::UserId.eq(user_id))
        .filter(matter_screens::Column::LiftedAt.is_null())
        .exec()
        .await?;
    if lifted == 0 {
        return Err(AppError::NotFound);
    }
    tracing::info!(matter_id = %matter.id, user_id = %user_id, "screen lifted");
    screens(firm, matter.id).await
}
