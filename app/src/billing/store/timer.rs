//! Each user's running timer: kept on the server, so it survives reloads and follows the user
//! between browsers; stopped, it becomes a time entry for the elapsed minutes.

use sea_orm::{ActiveValue::Set, ColumnTrait, QueryFilter};
use uuid::Uuid;

use super::{invalid, matter_ref, open_matter, today};
use crate::billing::model::{TimeEntry, TimeEntryForm, Timer};
use crate::billing::money::MAX_ENTRY_MINUTES;
use crate::error::AppError;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::entities::{matters, timers};
use crate::ssr::db::{FirmDb, new_id, now};

async fn row(firm: &FirmDb, me: &CurrentUser) -> Result<Option<timers::Model>, AppError> {
    Ok(firm
        .find::<timers::Entity>()
        .filter(timers::Column::UserId.eq(me.id))
        .one(firm.conn())
        .await?)
}

async fn view(firm: &FirmDb, timer: timers::Model) -> Result<Timer, AppError> {
    let matter = match timer.matter_id {
        Some(id) => Some(matter_ref(&firm.get::<matters::Entity>(id).await?)),
        None => None,
    };
    Ok(Timer {
        matter,
        description: timer.description,
        started_at: timer.started_at.timestamp(),
        now: now().timestamp(),
    })
}

fn matter_arg(raw: &str) -> Result<Option<Uuid>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        text => Uuid::parse_str(text)
            .map(Some)
            .map_err(|_| invalid("matter_id", "Choose a matter.")),
    }
}

/// `me`'s running timer.
pub async fn get(firm: &FirmDb, me: &CurrentUser) -> Result<Option<Timer>, AppError> {
    match row(firm, me).await? {
        Some(timer) => Ok(Some(view(firm, timer).await?)),
        None => Ok(None),
    }
}

/// Starts `me`'s timer, or sets what the running one is for.
pub async fn start(
    firm: &FirmDb,
    me: &CurrentUser,
    matter: &str,
    description: &str,
) -> Result<Timer, AppError> {
    let matter_id = match matter_arg(matter)? {
        Some(id) => Some(open_matter(firm, me, id).await?.id),
        None => None,
    };
    let description = description.trim();
    if description.chars().count() > crate::billing::MAX_DESCRIPTION_CHARS {
        return Err(invalid(
            "description",
            "Keep the description to 2,000 characters.",
        ));
    }
    let timer = match row(firm, me).await? {
        Some(timer) => {
            firm.update(timers::ActiveModel {
                id: Set(timer.id),
                matter_id: Set(matter_id.or(timer.matter_id)),
                description: Set(description.into()),
                ..Default::default()
            })
            .await?
        }
        None => {
            firm.insert(timers::ActiveModel {
                id: Set(new_id()),
                user_id: Set(me.id),
                matter_id: Set(matter_id),
                description: Set(description.into()),
                started_at: Set(now()),
                ..Default::default()
            })
            .await?
        }
    };
    view(firm, timer).await
}

/// Stops `me`'s timer into a time entry of today (elapsed minutes, rounded up, at least one).
pub async fn stop(
    firm: &FirmDb,
    me: &CurrentUser,
    matter: &str,
    description: &str,
) -> Result<TimeEntry, AppError> {
    let timer = row(firm, me)
        .await?
        .ok_or_else(|| invalid("timer", "No timer is running."))?;
    let matter_id = matter_arg(matter)?.or(timer.matter_id);
    let description = match description.trim() {
        "" => timer.description.clone(),
        text => text.to_string(),
    };
    let seconds = (now() - timer.started_at).num_seconds().max(0);
    let minutes = ((seconds + 59) / 60).max(1);
    if minutes > MAX_ENTRY_MINUTES {
        return Err(invalid(
            "timer",
            "The timer ran for more than 24 hours. Record the time by hand, then discard the timer.",
        ));
    }
    let valid = TimeEntryForm {
        matter_id: matter_id.map(|id| id.to_string()).unwrap_or_default(),
        worked_on: today(firm).await?.format("%Y-%m-%d").to_string(),
        duration: format!("{}:{:02}", minutes / 60, minutes % 60),
        description,
        billable: "true".into(),
        task_code: String::new(),
        activity_code: String::new(),
    }
    .validate()?;
    let entry = super::time::create(firm, me, valid).await?;
    firm.delete_many::<timers::Entity>()
        .filter(timers::Column::Id.eq(timer.id))
        .exec()
        .await?;
    Ok(entry)
}

/// Throws `me`'s timer away.
pub async fn discard(firm: &FirmDb, me: &CurrentUser) -> Result<(), AppError> {
    firm.delete_many::<timers::Entity>()
        .filter(timers::Column::UserId.eq(me.id))
        .exec()
        .await?;
    Ok(())
}
