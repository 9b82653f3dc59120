//! Sample data for development: the demo firm.

use app::clients::{ClientForm, store};
use app::error::AppError;
use app::ssr::db::{FirmDb, PlatformDb};
use app::ssr::services::firms::{FirmRequest, provision};
use sea_orm::DatabaseConnection;

use crate::config::Config;

/// The demo admin's password. Development data only: the demo firm is for trying Docket out.
const DEMO_PASSWORD: &str = "demo-docket-2026";

/// The demo firm's paralegal, who signs in with [`DEMO_PASSWORD`] too.
pub const DEMO_PARALEGAL: &str = "paralegal@demo.test";

/// How a firm's admin signs in.
pub struct Login {
    /// The firm's display name.
    pub firm_name: String,
    /// The firm's subdomain label.
    pub slug: String,
    /// The admin's email.
    pub email: String,
    /// The admin's password (shown once).
    pub password: String,
}

impl Login {
    /// The lines printed for a person.
    pub fn describe(&self, config: &Config) -> String {
        format!(
            "Firm:     {} at http://{}.{}:{}\nAdmin:    {}\nPassword: {}",
            self.firm_name,
            self.slug,
            config.base_domain,
            config.listen.port(),
            self.email,
            self.password
        )
    }
}

/// Turns a provisioning error into a line for the terminal.
pub fn describe_error(err: &AppError) -> String {
    match err {
        AppError::Invalid(fields) => fields
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}

const FIRST: &[&str] = &[
    "Ada",
    "Grace",
    "Alan",
    "Katherine",
    "Edsger",
    "Barbara",
    "Donald",
    "Frances",
    "John",
    "Margaret",
];
const LAST: &[&str] = &[
    "Lovelace", "Hopper", "Turing", "Johnson", "Dijkstra", "Liskov", "Knuth", "Allen",
];
const COMPANIES: &[&str] = &[
    "Northwind Traders Ltd",
    "Contoso GmbH",
    "Fabrikam Inc",
    "Tailspin Toys LLC",
    "Wide World Importers",
    "Adventure Works SA",
];

/// Creates the demo firm with 86 sample clients, unless it exists already. Either way, returns
/// its login.
pub async fn demo(db: &DatabaseConnection) -> Result<Login, String> {
    let login = Login {
        firm_name: "Demo Law LLP".into(),
        slug: "demo".into(),
        email: "admin@demo.test".into(),
        password: DEMO_PASSWORD.into(),
    };
    if PlatformDb::new(db)
        .firm_by_slug(&login.slug)
        .await
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Ok(login);
    }
    let created = provision(
        db,
        FirmRequest {
            slug: login.slug.clone(),
            name: login.firm_name.clone(),
            admin_email: login.email.clone(),
            admin_name: None,
            admin_verified: true,
            admin_password: Some(DEMO_PASSWORD.into()),
            currency: None,
            plan: None,
        },
    )
    .await
    .map_err(|e| describe_error(&e))?;
    let firm = FirmDb::begin(db, created.firm.id)
        .await
        .map_err(|e| e.to_string())?;
    let people = FIRST
        .iter()
        .flat_map(|f| LAST.iter().map(move |l| (format!("{f} {l}"), "person")));
    let companies = COMPANIES.iter().map(|c| (c.to_string(), "company"));
    for (i, (name, kind)) in people.chain(companies).enumerate() {
        let email = format!("{}@example.com", name.to_lowercase().replace(' ', "."));
        let form = ClientForm {
            name,
            email,
            phone: format!("+1 555 01{:02}", i % 100),
            kind: kind.into(),
            ..Default::default()
        };
        let valid = form.validate().map_err(|e| describe_error(&e))?;
        store::create(&firm, valid)
            .await
            .map_err(|e| e.to_string())?;
    }
    add_paralegal(&firm).await?;
    set_up_billing(&firm).await?;
    firm.commit().await.map_err(|e| e.to_string())?;
    Ok(login)
}

/// The demo paralegal: signs in with the demo password and reaches only the matters whose
/// team they are on.
async fn add_paralegal(firm: &FirmDb) -> Result<(), String> {
    use app::ssr::db::entities::users;
    use sea_orm::ActiveValue::Set;
    let hash = app::ssr::services::passwords::hash(DEMO_PASSWORD.into()).await?;
    firm.insert(users::ActiveModel {
        id: Set(app::ssr::db::new_id()),
        email: Set(DEMO_PARALEGAL.into()),
        name: Set("Pat Reyes".into()),
        password_hash: Set(hash),
        role: Set(app::auth::Role::Paralegal.as_str().into()),
        created_at: Set(app::ssr::db::now()),
        email_verified: Set(true),
        hourly_rate: Set(14_500),
        ..Default::default()
    })
    .await
    .map_err(|e| e.to_string())?;
    Ok(())
}

/// The demo firm's profile (address and contact details on invoices and mail; its clock
/// stays on UTC), its payment instructions on invoices, and the admin's rate ($350 an hour;
/// the paralegal's is $145).
async fn set_up_billing(firm: &FirmDb) -> Result<(), String> {
    use app::billing::BillingSettingsForm;
    use app::firm_profile::FirmProfileForm;
    use app::ssr::db::entities::users;
    use sea_orm::{ColumnTrait, QueryFilter};
    let profile = FirmProfileForm {
        name: "Demo Law LLP".into(),
        address: "400 Market Street, Suite 1200\nSan Francisco, CA 94105".into(),
        contact_email: "office@demo.test".into(),
        phone: "+1 415 555 0100".into(),
        website: "demo.test".into(),
        time_zone: "UTC".into(),
    };
    let valid = profile.validate().map_err(|e| describe_error(&e))?;
    app::firm_profile::store::save(firm, valid)
        .await
        .map_err(|e| describe_error(&e))?;
    let form = BillingSettingsForm {
        currency: "USD".into(),
        increment_minutes: "6".into(),
        tax_rate: "0".into(),
        tax_label: "Tax".into(),
        payment_terms_days: "30".into(),
        payment_instructions: "Pay by bank transfer to Demo Law LLP, First Republic Bank, \
                               account 000123456, routing 121000358. Quote the invoice number."
            .into(),
    };
    let valid = form.validate().map_err(|e| describe_error(&e))?;
    app::billing::store::settings::save(firm, valid)
        .await
        .map_err(|e| describe_error(&e))?;
    firm.update_many::<users::Entity>()
        .col_expr(
            users::Column::HourlyRate,
            sea_orm::sea_query::Expr::value(35_000i64),
        )
        .filter(users::Column::Role.eq(app::auth::Role::Owner.as_str()))
        .exec()
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}
