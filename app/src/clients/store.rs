//! Client queries, always through the firm's [`FirmDb`].

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, Func, LikeExpr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::model::{CLIENTS_PER_PAGE, Client, ClientKind, ClientPage, ValidClient};
use crate::error::AppError;
use crate::ssr::auth::current_user;
use crate::ssr::db::entities::{client_views, clients};
use crate::ssr::db::{FirmDb, new_id, now};
use crate::ssr::limits::count_search;

/// A page of clients matching `q` (case-insensitive, on name and email), sorted by name.
pub async fn list(firm: &FirmDb, q: &str, page: u64) -> Result<ClientPage, AppError> {
    let mut query = firm.find::<clients::Entity>();
    let q = q.trim();
    if !q.is_empty() {
        count_search(&current_user()?)?;
        let pattern = format!("%{}%", escape_like(&q.to_lowercase()));
        query = query.filter(
            Expr::expr(Func::lower(Expr::col(clients::Column::Name)))
                .like(LikeExpr::new(pattern.clone()).escape('\\'))
                .or(Expr::col(clients::Column::Email).like(LikeExpr::new(pattern).escape('\\'))),
        );
    }
    let query = query
        .order_by_asc(clients::Column::Name)
        .order_by_asc(clients::Column::Id);
    let found = firm.page(query, CLIENTS_PER_PAGE, page).await?;
    Ok(ClientPage {
        items: found.rows.into_iter().map(to_client).collect(),
        page: found.page,
        pages: found.pages,
        total: found.total,
    })
}

/// One client, or `NotFound` if the firm has no client with that id.
pub async fn get(firm: &FirmDb, id: Uuid) -> Result<Client, AppError> {
    firm.get::<clients::Entity>(id).await.map(to_client)
}

/// How many recently viewed clients the dashboard shows.
pub const RECENT_CLIENTS: u64 = 8;

/// Records that `user` opened the page of the firm's client `client` now.
pub async fn record_view(firm: &FirmDb, user: Uuid, client: Uuid) -> Result<(), AppError> {
    let view = client_views::ActiveModel {
        firm_id: Set(firm.firm_id()),
        id: Set(new_id()),
        user_id: Set(user),
        client_id: Set(client),
        viewed_at: Set(now()),
    };
    client_views::Entity::insert(view)
        .on_conflict(
            OnConflict::columns([
                client_views::Column::FirmId,
                client_views::Column::UserId,
                client_views::Column::ClientId,
            ])
            .update_column(client_views::Column::ViewedAt)
            .to_owned(),
        )
        .exec(firm.conn())
        .await?;
    Ok(())
}

/// The clients `user` viewed last, most recent first.
pub async fn recent(firm: &FirmDb, user: Uuid) -> Result<Vec<Client>, AppError> {
    let views = firm
        .find::<client_views::Entity>()
        .filter(client_views::Column::UserId.eq(user))
        .order_by_desc(client_views::Column::ViewedAt)
        .limit(RECENT_CLIENTS)
        .all(firm.conn())
        .await?;
    let mut found: HashMap<Uuid, clients::Model> = firm
        .find::<clients::Entity>()
        .filter(clients::Column::Id.is_in(views.iter().map(|v| v.client_id)))
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    Ok(views
        .into_iter()
        .filter_map(|v| found.remove(&v.client_id))
        .map(to_client)
        .collect())
}

/// Stores a new client.
pub async fn create(firm: &FirmDb, valid: ValidClient) -> Result<Client, AppError> {
    let now = now();
    let model = firm
        .insert(clients::ActiveModel {
            id: Set(new_id()),
            name: Set(valid.name),
            email: Set(valid.email),
            phone: Set(valid.phone),
            kind: Set(valid.kind.as_str().to_string()),
            notes: Set(valid.notes),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .await?;
    Ok(to_client(model))
}

/// Replaces a client's details, or `NotFound` if the firm has no client with that id.
pub async fn update(firm: &FirmDb, id: Uuid, valid: ValidClient) -> Result<Client, AppError> {
    let model = firm
        .update(clients::ActiveModel {
            id: Set(id),
            name: Set(valid.name),
            email: Set(valid.email),
            phone: Set(valid.phone),
            kind: Set(valid.kind.as_str().to_string()),
            notes: Set(valid.notes),
            updated_at: Set(now()),
            ..Default::default()
        })
        .await?;
    Ok(to_client(model))
}

fn to_client(m: clients::Model) -> Client {
    Client {
        id: m.id,
        name: m.name,
        email: m.email,
        phone: m.phone,
        kind: ClientKind::parse(&m.kind).unwrap_or(ClientKind::Person),
        notes: m.notes,
        created_at: m.created_at,
    }
}

/// Escapes `%`, `_` and `\` so user text matches literally inside a LIKE pattern.
pub(crate) fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(super::escape_like(r"50%_a\b"), r"50\%\_a\\b");
    }
}
