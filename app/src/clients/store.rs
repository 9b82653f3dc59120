//! Client queries, always through the firm's [`FirmDb`].

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, Func, LikeExpr, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::model::{CLIENTS_PER_PAGE, Client, ClientKind, ClientPage, ClientSort, ValidClient};
use crate::error::AppError;
use crate::ssr::auth::current_user;
use crate::ssr::db::entities::{client_tags, client_views, clients};
use crate::ssr::db::{FirmDb, new_id, now};
use crate::ssr::limits::count_search;

/// A page of clients whose name, email or one of whose tags contains `q` (case-insensitive,
/// literal), in the order `sort` names.
pub async fn list(
    firm: &FirmDb,
    q: &str,
    page: u64,
    sort: ClientSort,
) -> Result<ClientPage, AppError> {
    let mut query = firm.find::<clients::Entity>();
    let q = q.trim();
    if !q.is_empty() {
        count_search(&current_user()?)?;
        let pattern = format!("%{}%", escape_like(&q.to_lowercase()));
        let like = || LikeExpr::new(pattern.clone()).escape('\\');
        let tagged = Query::select()
            .column(client_tags::Column::ClientId)
            .from(client_tags::Entity)
            .and_where(client_tags::Column::FirmId.eq(firm.firm_id()))
            .and_where(Expr::col(client_tags::Column::Tag).like(like()))
            .to_owned();
        query = query.filter(
            Expr::expr(Func::lower(Expr::col(clients::Column::Name)))
                .like(like())
                .or(Expr::col(clients::Column::Email).like(like()))
                .or(clients::Column::Id.in_subquery(tagged)),
        );
    }
    let query = match sort {
        ClientSort::Name => query.order_by_asc(clients::Column::Name),
        ClientSort::NameDescending => query.order_by_desc(clients::Column::Name),
        ClientSort::Newest => query.order_by_desc(clients::Column::CreatedAt),
        ClientSort::Oldest => query.order_by_asc(clients::Column::CreatedAt),
    }
    .order_by_asc(clients::Column::Id);
    let found = firm.page(query, CLIENTS_PER_PAGE, page).await?;
    Ok(ClientPage {
        items: with_tags(firm, found.rows).await?,
        page: found.page,
        pages: found.pages,
        total: found.total,
    })
}

/// One client, or `NotFound` if the firm has no client with that id.
pub async fn get(firm: &FirmDb, id: Uuid) -> Result<Client, AppError> {
    let client = firm.get::<clients::Entity>(id).await?;
    one(firm, client).await
}

async fn one(firm: &FirmDb, client: clients::Model) -> Result<Client, AppError> {
    let mut list = with_tags(firm, vec![client]).await?;
    list.pop().ok_or(AppError::NotFound)
}

/// The clients of `rows` with their tags (one query for all of them).
async fn with_tags(firm: &FirmDb, rows: Vec<clients::Model>) -> Result<Vec<Client>, AppError> {
    let mut tags: HashMap<Uuid, Vec<String>> = HashMap::new();
    for tag in firm
        .find::<client_tags::Entity>()
        .filter(client_tags::Column::ClientId.is_in(rows.iter().map(|c| c.id)))
        .order_by_asc(client_tags::Column::Tag)
        .all(firm.conn())
        .await?
    {
        tags.entry(tag.client_id).or_default().push(tag.tag);
    }
    Ok(rows
        .into_iter()
        .map(|c| {
            let tags = tags.remove(&c.id).unwrap_or_default();
            to_client(c, tags)
        })
        .collect())
}

/// Replaces the tags of the firm's client `client` with `tags`.
async fn set_tags(firm: &FirmDb, client: Uuid, tags: &[String]) -> Result<(), AppError> {
    firm.delete_many::<client_tags::Entity>()
        .filter(client_tags::Column::ClientId.eq(client))
        .exec()
        .await?;
    for tag in tags {
        firm.insert(client_tags::ActiveModel {
            id: Set(new_id()),
            client_id: Set(client),
            tag: Set(tag.clone()),
            ..Default::default()
        })
        .await?;
    }
    Ok(())
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
    let ordered = views
        .into_iter()
        .filter_map(|v| found.remove(&v.client_id))
        .collect();
    with_tags(firm, ordered).await
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
            address: Set(valid.address),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .await?;
    set_tags(firm, model.id, &valid.tags).await?;
    Ok(to_client(model, valid.tags))
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
            address: Set(valid.address),
            updated_at: Set(now()),
            ..Default::default()
        })
        .await?;
    set_tags(firm, model.id, &valid.tags).await?;
    Ok(to_client(model, valid.tags))
}

fn to_client(m: clients::Model, tags: Vec<String>) -> Client {
    Client {
        id: m.id,
        name: m.name,
        email: m.email,
        phone: m.phone,
        kind: ClientKind::parse(&m.kind).unwrap_or(ClientKind::Person),
        notes: m.notes,
        address: m.address,
        tags,
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
