//! `firm_logos`: the firm's logo, a PNG (firm-owned, at most one row per firm).

use sea_orm::entity::prelude::*;

/// A firm's logo.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "firm_logos")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The PNG file as uploaded.
    pub content: Vec<u8>,
    /// Its size in pixels.
    pub width: i32,
    pub height: i32,
    /// SHA-256 of the content, hex: the logo's version in URLs and its HTTP entity tag.
    pub etag: String,
    /// Unix seconds.
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
