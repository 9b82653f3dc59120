//! The `docket` command line: one binary for serving, migrating, checking and seeding.

use std::process::ExitCode;

use app::error::AppError;
use app::ssr::audit::chain::{self, Verification};
use app::ssr::audit::platform::PlatformActor;
use app::ssr::db::{FirmDb, PlatformDb};
use app::ssr::platform::create_admin;
use app::ssr::services::firms::{FirmRequest, provision};
use app::ssr::services::lifecycle;
use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::startup::{Application, document_storage};
use crate::{checks, db, seed, telemetry};

/// Docket: practice management for law firms.
///
/// Settings come from defaults, then `docket.toml`, then DOCKET_* environment variables:
/// DOCKET_DATABASE_URL, DOCKET_APP_DATABASE_URL, DOCKET_BASE_DOMAIN, DOCKET_LISTEN,
/// DOCKET_DATA_DIR, DOCKET_MASTER_KEY, DOCKET_ENV, DOCKET_TRUSTED_PROXY, DOCKET_SITE_ROOT, DOCKET_LOG.
#[derive(Parser)]
#[command(name = "docket", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app (runs the start-up checks first and refuses to serve if one fails).
    Serve,
    /// Apply database migrations as the owning role; on PostgreSQL also create the app role.
    Migrate,
    /// Run the start-up checks alone: exit status 0 if all pass, 1 with reasons otherwise.
    Check,
    /// Load sample data.
    Seed {
        #[command(subcommand)]
        what: SeedCommand,
    },
    /// Manage firms.
    Firm {
        #[command(subcommand)]
        action: FirmCommand,
    },
    /// Manage platform admins (who sign in at admin.{base domain}).
    Admin {
        #[command(subcommand)]
        action: AdminCommand,
    },
    /// Check audit trails.
    Audit {
        #[command(subcommand)]
        action: AuditCommand,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk a firm's whole audit trail: exit status 0 if every entry is in place and unaltered,
    /// 1 with what is wrong otherwise.
    Verify {
        /// The firm's subdomain label.
        #[arg(long)]
        firm: String,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a platform admin; prints a one-time password.
    Create {
        /// The admin's email address.
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
enum SeedCommand {
    /// The demo firm (slug `demo`) with its admin and sample clients; prints how to sign in.
    Demo,
}

#[derive(Subcommand)]
enum FirmCommand {
    /// Create a firm and its first admin; prints how the admin signs in.
    Create {
        /// Subdomain label: 3-40 lowercase letters, digits and hyphens.
        #[arg(long)]
        slug: String,
        /// The firm's display name.
        #[arg(long)]
        name: String,
        /// The first admin's email address.
        #[arg(long)]
        admin_email: String,
    },
    /// Suspend a firm: its users are signed out and refused; its data is kept.
    Suspend {
        /// The firm's subdomain label.
        #[arg(long)]
        slug: String,
        /// Why (shown to the firm's users).
        #[arg(long)]
        reason: String,
    },
    /// Schedule a firm's deletion (it is suspended meanwhile; `reactivate` cancels), or with
    /// `--now` delete it at once: its data key, then its documents, then every row.
    Delete {
        /// The firm's subdomain label.
        #[arg(long)]
        slug: String,
        /// Days until the deletion.
        #[arg(long, default_value_t = lifecycle::GRACE_DAYS)]
        grace_days: i64,
        /// Delete now, without a grace period.
        #[arg(long)]
        now: bool,
    },
    /// Reactivate a suspended firm (cancelling a scheduled deletion).
    Reactivate {
        /// The firm's subdomain label.
        #[arg(long)]
        slug: String,
    },
    /// Put a firm on a plan (`starter`, `standard`, `enterprise` or one made in the console).
    Plan {
        /// The firm's subdomain label.
        #[arg(long)]
        slug: String,
        /// The plan's short name.
        #[arg(long)]
        plan: String,
    },
}

/// Parses the command line and runs the command.
pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
    };
    telemetry::init(&config.log);
    match execute(cli.command, &config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(command: Command, config: &Config) -> Result<(), String> {
    match command {
        Command::Serve => {
            let app = Application::build(config)
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!(port = app.port(), base_domain = %config.base_domain, "serving");
            println!(
                "Docket is serving on http://{}:{}",
                config.base_domain,
                app.port()
            );
            app.run_until_stopped().await.map_err(|e| e.to_string())
        }
        Command::Migrate => {
            let owner = db::connect(&config.owner_database_url())
                .await
                .map_err(|e| e.to_string())?;
            let app_url = config
                .app_database_url
                .as_ref()
                .map(secrecy::ExposeSecret::expose_secret);
            let report = db::migrate(&owner, app_url)
                .await
                .map_err(|e| e.to_string())?;
            println!("migrations applied: {}", report.applied);
            if report.todo.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "the schema is migrated, but an administrator must still:\n{}",
                    report.todo.join("\n")
                ))
            }
        }
        Command::Check => {
            let conn = db::connect(&config.serving_database_url())
                .await
                .map_err(|e| e.to_string())?;
            let report = checks::run(&conn).await;
            print!("{report}");
            if report.ok() {
                Ok(())
            } else {
                Err("start-up checks failed".into())
            }
        }
        Command::Seed {
            what: SeedCommand::Demo,
        } => {
            let conn = db::connect(&config.serving_database_url())
                .await
                .map_err(|e| e.to_string())?;
            let login = seed::demo(&conn).await.map_err(|e| e.to_string())?;
            println!("{}", login.describe(config));
            println!("Paralegal: {} (same password)", seed::DEMO_PARALEGAL);
            Ok(())
        }
        Command::Admin {
            action: AdminCommand::Create { email },
        } => {
            let conn = db::connect(&config.serving_database_url())
                .await
                .map_err(|e| e.to_string())?;
            let (email, password) = create_admin(&conn, &email)
                .await
                .map_err(|e| seed::describe_error(&e))?;
            println!(
                "Platform admin: {email}\nPassword:       {password}\nSign in at http://admin.{}:{}/login",
                config.base_domain,
                config.listen.port()
            );
            Ok(())
        }
        Command::Firm {
            action:
                FirmCommand::Create {
                    slug,
                    name,
                    admin_email,
                },
        } => {
            let conn = db::connect(&config.serving_database_url())
                .await
                .map_err(|e| e.to_string())?;
            let created = provision(
                &conn,
                FirmRequest {
                    slug,
                    name,
                    admin_email,
                    admin_name: None,
                    admin_verified: true,
                    admin_password: None,
                    currency: None,
                    plan: None,
                },
            )
            .await
            .map_err(|e| seed::describe_error(&e))?;
            let login = seed::Login {
                firm_name: created.firm.name,
                slug: created.firm.slug,
                email: created.admin_email,
                password: created.admin_password,
            };
            println!("{}", login.describe(config));
            Ok(())
        }
        Command::Firm {
            action: FirmCommand::Suspend { slug, reason },
        } => {
            let conn = db::connect(&config.serving_database_url())
                .await
                .map_err(|e| e.to_string())?;
            lifecycle::suspend(&conn, &PlatformActor::command_line(), &slug, &reason)
                .await
                .map_err(|e| seed::describe_error(&e))?;
            println!("{slug} is suspended; its users were signed out.");
            Ok(())
        }
        Command::Firm {
            action:
                FirmCommand::Delete {
                    slug,
                    grace_days,
                    now,
                },
        } => {
            let conn = db::connect(&config.serving_database_url())
                .await
                .map_err(|e| e.to_string())?;
            let actor = PlatformActor::command_line();
            let grace = if now { 0 } else { grace_days };
            let firm = lifecycle::schedule_deletion(&conn, &actor, &slug, grace)
                .await
                .map_err(|e| seed::describe_error(&e))?;
            if now {
                let storage = document_storage(config).map_err(|e| e.to_string())?;
                lifecycle::purge(&conn, &storage, firm.id, &actor)
                    .await
                    .map_err(|e| seed::describe_error(&e))?;
                println!("{slug} is deleted: its key, documents and data are gone.");
            } else {
                println!(
                    "{slug} is suspended and will be deleted in {grace} days; `docket firm reactivate --slug {slug}` cancels."
                );
            }
            Ok(())
        }
        Command::Firm {
            action: FirmCommand::Reactivate { slug },
        } => {
            let conn = db::connect(&config.serving_database_url())
                .await
                .map_err(|e| e.to_string())?;
            lifecycle::reactivate(&conn, &PlatformActor::command_line(), &slug)
                .await
                .map_err(|e| seed::describe_error(&e))?;
            println!("{slug} is active again.");
            Ok(())
        }
        Command::Firm {
            action: FirmCommand::Plan { slug, plan },
        } => {
            let conn = db::connect(&config.serving_database_url())
                .await
                .map_err(|e| e.to_string())?;
            app::ssr::plans::assign(&conn, &PlatformActor::command_line(), &slug, &plan)
                .await
                .map_err(|e| seed::describe_error(&e))?;
            println!("{slug} is on the {plan} plan.");
            Ok(())
        }
        Command::Audit {
            action: AuditCommand::Verify { firm },
        } => {
            // As the owner: the check must see every row, whatever the app role may do.
            let conn = db::connect(&config.owner_database_url())
                .await
                .map_err(|e| e.to_string())?;
            let found = audit_verify(&conn, &firm)
                .await
                .map_err(|e| seed::describe_error(&e))?;
            if found.ok() {
                println!(
                    "audit trail of {firm}: {} entries, every one in place and unaltered",
                    found.entries
                );
                Ok(())
            } else {
                Err(format!(
                    "audit trail of {firm}: {} entries, {} problems:\n{}",
                    found.entries,
                    found.problems.len(),
                    found.problems.join("\n")
                ))
            }
        }
    }
}

/// Verifies the audit chain of the firm with this slug.
async fn audit_verify(
    conn: &sea_orm::DatabaseConnection,
    slug: &str,
) -> Result<Verification, AppError> {
    let firm = PlatformDb::new(conn)
        .firm_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let scoped = FirmDb::begin(conn, firm.id).await?;
    let found = chain::verify(scoped.conn(), firm.id).await;
    scoped.commit().await?;
    Ok(found?)
}
