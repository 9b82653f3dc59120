//! The command line's firm lifecycle and audit check, on a real `docket` process and database:
//! `audit verify` passes on a seeded firm, `firm suspend`, `reactivate` and `plan` go through
//! (and into the chain), and `firm delete --now` leaves nothing to verify.

use crate::process::Docket;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_suspends_reactivates_verifies_and_deletes_a_firm() {
    let docket = Docket::new();
    docket.run(&["migrate"]);
    docket.run(&["seed", "demo"]);
    docket.run(&["audit", "verify", "--firm", "demo"]);
    // A reason is required.
    assert!(
        !docket
            .status(&["firm", "suspend", "--slug", "demo", "--reason", " "])
            .success()
    );
    docket.run(&[
        "firm",
        "suspend",
        "--slug",
        "demo",
        "--reason",
        "Maintenance window",
    ]);
    docket.run(&["firm", "reactivate", "--slug", "demo"]);
    // A firm moves between plans; an unknown plan is refused.
    assert!(
        !docket
            .status(&["firm", "plan", "--slug", "demo", "--plan", "no-such-plan"])
            .success()
    );
    docket.run(&["firm", "plan", "--slug", "demo", "--plan", "enterprise"]);
    let db = sea_orm::Database::connect(format!(
        "sqlite://{}?mode=ro",
        docket.dir.join("docket.db").display()
    ))
    .await
    .unwrap();
    let plan = <app::ssr::db::entities::firms::Entity as sea_orm::EntityTrait>::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.slug == "demo")
        .map(|f| f.plan);
    assert_eq!(plan.as_deref(), Some("enterprise"));
    db.close().await.unwrap();
    docket.run(&["audit", "verify", "--firm", "demo"]);
    docket.run(&["firm", "delete", "--slug", "demo", "--now"]);
    assert!(
        !docket
            .status(&["audit", "verify", "--firm", "demo"])
            .success()
    );
    assert!(
        !docket
            .status(&["firm", "reactivate", "--slug", "demo"])
            .success()
    );
}
