//! The firm's one `firm_settings` row, which each section of the settings page writes its own
//! columns of. A firm without the row (it is written at provisioning) gets it on the first
//! change, with the columns' defaults for the rest.

use sea_orm::ActiveValue::Set;

use crate::error::AppError;
use crate::ssr::db::entities::firm_settings;
use crate::ssr::db::{FirmDb, new_id};

/// Writes the columns set in `changes` to the firm's settings row, creating the row if need be.
pub async fn change(
    firm: &FirmDb,
    mut changes: firm_settings::ActiveModel,
) -> Result<(), AppError> {
    let row = firm
        .find::<firm_settings::Entity>()
        .one(firm.conn())
        .await?;
    match row {
        Some(row) => {
            changes.id = Set(row.id);
            firm.update(changes).await?;
        }
        None => {
            changes.id = Set(new_id());
            firm.insert(changes).await?;
        }
    }
    Ok(())
}
