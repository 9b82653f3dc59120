//! Shared pieces of firm-owned table definitions: the keys that tie a row to its firm and to
//! other rows of the same firm, indexes and timestamps.

use sea_orm_migration::prelude::*;

#[derive(DeriveIden)]
enum Firms {
    Table,
    Id,
}

/// The `clients` table, for keys that point at it.
#[derive(DeriveIden)]
pub enum Clients {
    Table,
}

/// The `users` table, for keys that point at it.
#[derive(DeriveIden)]
pub enum Users {
    Table,
}

/// The `matters` table, for keys that point at it.
#[derive(DeriveIden)]
pub enum Matters {
    Table,
}

/// The foreign key from `table.firm_id` to `firms`, deleting with the firm.
pub fn firm_key(table: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from_tbl(table)
        .from_col(Alias::new("firm_id"))
        .to_tbl(Firms::Table)
        .to_col(Firms::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

/// The foreign key from `(firm_id, column)` of `table` to `(firm_id, id)` of `target`: a
/// reference that cannot cross firms.
pub fn same_firm_key(
    table: impl IntoIden,
    column: impl IntoIden,
    target: impl IntoIden,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from_tbl(table)
        .from_col(Alias::new("firm_id"))
        .from_col(column)
        .to_tbl(target)
        .to_col(Alias::new("firm_id"))
        .to_col(Alias::new("id"))
        .on_delete(on_delete)
        .to_owned()
}

/// An index named `name` on `cols` of `table`.
pub fn index(
    name: &str,
    table: impl IntoIden,
    cols: &[&str],
    unique: bool,
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(Alias::new(*col));
    }
    if unique {
        index.unique();
    }
    index.to_owned()
}

/// A non-null timestamp with time zone column.
pub fn created_at(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

/// A firm-owned table named `name`: `firm_id` and `id` (UUIDs, not null), primary key
/// `(firm_id, id)` and the foreign key to `firms`. Add its own columns and keys.
pub fn firm_table(name: &str) -> TableCreateStatement {
    Table::create()
        .table(Alias::new(name))
        .col(ColumnDef::new(Alias::new("firm_id")).uuid().not_null())
        .col(ColumnDef::new(Alias::new("id")).uuid().not_null())
        .primary_key(
            Index::create()
                .col(Alias::new("firm_id"))
                .col(Alias::new("id")),
        )
        .foreign_key(&mut firm_key(Alias::new(name)))
        .to_owned()
}
