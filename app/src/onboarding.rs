//! The first-run checklist a new firm's admins see on the dashboard.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Which first steps the firm has taken.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    /// Someone else was invited or added.
    pub team: bool,
    /// A client exists.
    pub client: bool,
    /// A matter exists (matters arrive with the Practice work).
    pub matter: bool,
}

impl Checklist {
    /// Whether every step is done (the checklist is then hidden).
    pub fn done(&self) -> bool {
        self.team && self.client && self.matter
    }
}

/// The firm's first-run checklist, for those who manage its users.
#[server(endpoint = "onboarding/checklist")]
pub async fn load_checklist() -> Result<Checklist, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::UsersManage).await?;
    let result = store::checklist(&firm).await;
    firm.finish(result).await
}

#[cfg(feature = "ssr")]
mod store {
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};

    use super::Checklist;
    use crate::error::AppError;
    use crate::ssr::db::FirmDb;
    use crate::ssr::db::entities::{clients, invitations, users};

    pub async fn checklist(firm: &FirmDb) -> Result<Checklist, AppError> {
        let people = firm.find::<users::Entity>().count(firm.conn()).await?;
        let invited = firm
            .find::<invitations::Entity>()
            .filter(invitations::Column::RevokedAt.is_null())
            .count(firm.conn())
            .await?;
        let clients = firm.find::<clients::Entity>().count(firm.conn()).await?;
        Ok(Checklist {
            team: people > 1 || invited > 0,
            client: clients > 0,
            matter: false,
        })
    }
}
