//! Time and billing: billing settings on `firm_settings`, rates on `users`, `clients` and
//! `matters` (with the matter's fee arrangement), and the firm-owned `timers`, `time_entries`,
//! `expenses`, `invoices`, `invoice_matters`, `invoice_lines`, `payments`, `trust_entries`
//! (append-only) and `trust_balances` (one row per matter, never below zero). Money columns are
//! `BIGINT` counts of the currency's minor unit.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::rls;
use crate::table_parts::{Clients, Matters, Users, created_at, firm_table, index, same_firm_key};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn name(n: &str) -> Alias {
    Alias::new(n)
}

fn uuid(n: &str) -> ColumnDef {
    ColumnDef::new(name(n)).uuid().not_null().to_owned()
}

fn uuid_null(n: &str) -> ColumnDef {
    ColumnDef::new(name(n)).uuid().null().to_owned()
}

fn text(n: &str) -> ColumnDef {
    ColumnDef::new(name(n))
        .text()
        .not_null()
        .default("")
        .to_owned()
}

fn string(n: &str, len: u32) -> ColumnDef {
    ColumnDef::new(name(n))
        .string_len(len)
        .not_null()
        .to_owned()
}

fn string_null(n: &str, len: u32) -> ColumnDef {
    ColumnDef::new(name(n)).string_len(len).null().to_owned()
}

fn money(n: &str) -> ColumnDef {
    ColumnDef::new(name(n))
        .big_integer()
        .not_null()
        .default(0)
        .to_owned()
}

fn money_null(n: &str) -> ColumnDef {
    ColumnDef::new(name(n)).big_integer().null().to_owned()
}

fn int(n: &str, default: i32) -> ColumnDef {
    ColumnDef::new(name(n))
        .integer()
        .not_null()
        .default(default)
        .to_owned()
}

fn date(n: &str) -> ColumnDef {
    ColumnDef::new(name(n)).date().not_null().to_owned()
}

fn date_null(n: &str) -> ColumnDef {
    ColumnDef::new(name(n)).date().null().to_owned()
}

fn flag(n: &str) -> ColumnDef {
    ColumnDef::new(name(n))
        .boolean()
        .not_null()
        .default(true)
        .to_owned()
}

fn key(
    table: &str,
    col: &str,
    target: impl IntoIden,
    action: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    same_firm_key(name(table), name(col), target, action)
}

/// Adds `column` to `table` (one per statement, as SQLite requires).
async fn add(manager: &SchemaManager<'_>, table: &str, column: ColumnDef) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter()
                .table(name(table))
                .add_column(column)
                .to_owned(),
        )
        .await
}

async fn create(
    manager: &SchemaManager<'_>,
    table: TableCreateStatement,
    table_name: &str,
    indexes: &[(&str, &[&str], bool)],
) -> Result<(), DbErr> {
    manager.create_table(table).await?;
    for (index_name, cols, unique) in indexes {
        manager
            .create_index(index(index_name, name(table_name), cols, *unique))
            .await?;
    }
    rls::protect(manager, table_name).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let settings = "firm_settings";
        add(
            manager,
            settings,
            ColumnDef::new(name("currency"))
                .string_len(3)
                .not_null()
                .default("USD")
                .to_owned(),
        )
        .await?;
        add(manager, settings, int("increment_minutes", 6)).await?;
        add(manager, settings, int("tax_rate_bp", 0)).await?;
        add(
            manager,
            settings,
            ColumnDef::new(name("tax_label"))
                .string_len(40)
                .not_null()
                .default("Tax")
                .to_owned(),
        )
        .await?;
        add(manager, settings, int("payment_terms_days", 30)).await?;
        add(manager, settings, text("address")).await?;
        add(manager, settings, text("payment_instructions")).await?;
        add(manager, "users", money("hourly_rate")).await?;
        add(manager, "clients", money_null("hourly_rate")).await?;
        add(manager, "matters", money_null("hourly_rate")).await?;
        add(
            manager,
            "matters",
            ColumnDef::new(name("fee_kind"))
                .string_len(12)
                .not_null()
                .default("hourly")
                .to_owned(),
        )
        .await?;
        add(manager, "matters", money_null("flat_fee")).await?;
        add(
            manager,
            "matters",
            ColumnDef::new(name("contingency_bp"))
                .integer()
                .null()
                .to_owned(),
        )
        .await?;

        create(
            manager,
            firm_table("timers")
                .col(uuid("user_id"))
                .col(uuid_null("matter_id"))
                .col(text("description"))
                .col(created_at(name("started_at")))
                .foreign_key(&mut key(
                    "timers",
                    "user_id",
                    Users::Table,
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut key(
                    "timers",
                    "matter_id",
                    Matters::Table,
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
            "timers",
            &[("timers_user", &["firm_id", "user_id"], true)],
        )
        .await?;

        create(
            manager,
            firm_table("invoices")
                .col(uuid("client_id"))
                .col(string_null("number", 20))
                .col(string("status", 16))
                .col(string("currency", 3))
                .col(date_null("period_from"))
                .col(date_null("period_to"))
                .col(date_null("issued_on"))
                .col(date_null("due_on"))
                .col(money("subtotal"))
                .col(int("discount_bp", 0))
                .col(money("discount"))
                .col(
                    ColumnDef::new(name("tax_label"))
                        .string_len(40)
                        .not_null()
                        .default("Tax")
                        .to_owned(),
                )
                .col(int("tax_bp", 0))
                .col(money("tax"))
                .col(money("total"))
                .col(money("paid"))
                .col(text("notes"))
                .col(ColumnDef::new(name("void_reason")).text().null().to_owned())
                .col(uuid_null("replaces_id"))
                .col(uuid("created_by"))
                .col(created_at(name("created_at")))
                .col(created_at(name("updated_at")))
                .foreign_key(&mut key(
                    "invoices",
                    "client_id",
                    Clients::Table,
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut key(
                    "invoices",
                    "created_by",
                    Users::Table,
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
            "invoices",
            &[
                ("invoices_number", &["firm_id", "number"], true),
                ("invoices_client", &["firm_id", "client_id"], false),
                (
                    "invoices_status",
                    &["firm_id", "status", "issued_on"],
                    false,
                ),
            ],
        )
        .await?;

        create(
            manager,
            firm_table("invoice_matters")
                .col(uuid("invoice_id"))
                .col(uuid("matter_id"))
                .foreign_key(&mut key(
                    "invoice_matters",
                    "invoice_id",
                    name("invoices"),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut key(
                    "invoice_matters",
                    "matter_id",
                    Matters::Table,
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
            "invoice_matters",
            &[
                (
                    "invoice_matters_pair",
                    &["firm_id", "invoice_id", "matter_id"],
                    true,
                ),
                ("invoice_matters_matter", &["firm_id", "matter_id"], false),
            ],
        )
        .await?;

        create(
            manager,
            firm_table("time_entries")
                .col(uuid("matter_id"))
                .col(uuid("user_id"))
                .col(date("worked_on"))
                .col(int("minutes", 0))
                .col(text("description"))
                .col(flag("billable"))
                .col(string_null("task_code", 4))
                .col(string_null("activity_code", 4))
                .col(money("rate"))
                .col(uuid_null("invoice_id"))
                .col(created_at(name("created_at")))
                .col(created_at(name("updated_at")))
                .foreign_key(&mut key(
                    "time_entries",
                    "matter_id",
                    Matters::Table,
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut key(
                    "time_entries",
                    "user_id",
                    Users::Table,
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut key(
                    "time_entries",
                    "invoice_id",
                    name("invoices"),
                    ForeignKeyAction::NoAction,
                ))
                .to_owned(),
            "time_entries",
            &[
                (
                    "time_entries_matter",
                    &["firm_id", "matter_id", "worked_on"],
                    false,
                ),
                (
                    "time_entries_user",
                    &["firm_id", "user_id", "worked_on"],
                    false,
                ),
                ("time_entries_invoice", &["firm_id", "invoice_id"], false),
            ],
        )
        .await?;

        create(
            manager,
            firm_table("expenses")
                .col(uuid("matter_id"))
                .col(uuid("user_id"))
                .col(date("spent_on"))
                .col(text("description"))
                .col(money("amount"))
                .col(flag("billable"))
                .col(string_null("expense_code", 4))
                .col(uuid_null("invoice_id"))
                .col(created_at(name("created_at")))
                .col(created_at(name("updated_at")))
                .foreign_key(&mut key(
                    "expenses",
                    "matter_id",
                    Matters::Table,
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut key(
                    "expenses",
                    "user_id",
                    Users::Table,
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut key(
                    "expenses",
                    "invoice_id",
                    name("invoices"),
                    ForeignKeyAction::NoAction,
                ))
                .to_owned(),
            "expenses",
            &[
                (
                    "expenses_matter",
                    &["firm_id", "matter_id", "spent_on"],
                    false,
                ),
                ("expenses_invoice", &["firm_id", "invoice_id"], false),
            ],
        )
        .await?;

        create(
            manager,
            firm_table("invoice_lines")
                .col(uuid("invoice_id"))
                .col(int("position", 0))
                .col(string("kind", 10))
                .col(uuid("matter_id"))
                .col(date("line_date"))
                .col(text("description"))
                .col(text("timekeeper"))
                .col(uuid_null("timekeeper_id"))
                .col(ColumnDef::new(name("minutes")).integer().null().to_owned())
                .col(money("rate"))
                .col(money("amount"))
                .col(money("discount"))
                .col(money("tax"))
                .col(money("total"))
                .col(string_null("task_code", 4))
                .col(string_null("activity_code", 4))
                .col(string_null("expense_code", 4))
                .col(uuid_null("time_entry_id"))
                .col(uuid_null("expense_id"))
                .foreign_key(&mut key(
                    "invoice_lines",
                    "invoice_id",
                    name("invoices"),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut key(
                    "invoice_lines",
                    "matter_id",
                    Matters::Table,
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
            "invoice_lines",
            &[(
                "invoice_lines_invoice",
                &["firm_id", "invoice_id", "position"],
                false,
            )],
        )
        .await?;

        create(
            manager,
            firm_table("trust_entries")
                .col(uuid("client_id"))
                .col(uuid("matter_id"))
                .col(string("kind", 14))
                .col(date("entered_on"))
                .col(money("amount"))
                .col(money("balance_after"))
                .col(text("description"))
                .col(text("reference"))
                .col(uuid_null("invoice_id"))
                .col(uuid_null("reverses_id"))
                .col(uuid("recorded_by"))
                .col(created_at(name("created_at")))
                .foreign_key(&mut key(
                    "trust_entries",
                    "client_id",
                    Clients::Table,
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut key(
                    "trust_entries",
                    "matter_id",
                    Matters::Table,
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut key(
                    "trust_entries",
                    "invoice_id",
                    name("invoices"),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut key(
                    "trust_entries",
                    "recorded_by",
                    Users::Table,
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
            "trust_entries",
            &[
                (
                    "trust_entries_client",
                    &["firm_id", "client_id", "entered_on"],
                    false,
                ),
                (
                    "trust_entries_matter",
                    &["firm_id", "matter_id", "entered_on"],
                    false,
                ),
                // An entry is reversed at most once.
                ("trust_entries_reverses", &["firm_id", "reverses_id"], true),
            ],
        )
        .await?;

        create(
            manager,
            firm_table("trust_balances")
                .col(uuid("client_id"))
                .col(uuid("matter_id"))
                .col(money("balance"))
                .check(Expr::col(name("balance")).gte(0))
                .foreign_key(&mut key(
                    "trust_balances",
                    "client_id",
                    Clients::Table,
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut key(
                    "trust_balances",
                    "matter_id",
                    Matters::Table,
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
            "trust_balances",
            &[("trust_balances_matter", &["firm_id", "matter_id"], true)],
        )
        .await?;

        create(
            manager,
            firm_table("payments")
                .col(uuid("invoice_id"))
                .col(date("received_on"))
                .col(money("amount"))
                .col(string("method", 10))
                .col(text("reference"))
                .col(uuid_null("trust_entry_id"))
                .col(uuid("recorded_by"))
                .col(created_at(name("created_at")))
                .foreign_key(&mut key(
                    "payments",
                    "invoice_id",
                    name("invoices"),
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut key(
                    "payments",
                    "recorded_by",
                    Users::Table,
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
            "payments",
            &[("payments_invoice", &["firm_id", "invoice_id"], false)],
        )
        .await?;

        // Trust entries are append-only: corrections are reversing entries. On PostgreSQL the
        // database refuses any change to one, whoever asks.
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "CREATE FUNCTION trust_entries_append_only() RETURNS trigger AS $$
                     BEGIN RAISE EXCEPTION 'trust entries are append-only'; END $$ LANGUAGE plpgsql;
                     CREATE TRIGGER trust_entries_append_only BEFORE UPDATE ON trust_entries
                     FOR EACH ROW EXECUTE FUNCTION trust_entries_append_only();",
                )
                .await?;
        } else {
            manager
                .get_connection()
                .execute_unprepared(
                    "CREATE TRIGGER trust_entries_append_only BEFORE UPDATE ON trust_entries
                     BEGIN SELECT RAISE(ABORT, 'trust entries are append-only'); END;",
                )
                .await?;
        }
        Ok(())
    }
}
