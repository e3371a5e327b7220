//! The `gazette` binary: the checked-in schema, and start-up errors that name the setting.

use std::process::{Command, Output};

fn gazette(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gazette"));
    cmd.args(args)
        .env_remove("DATABASE_URL")
        .env_remove("GAZETTE_LISTEN")
        .env("RUST_LOG", "warn");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// Fails unless the command failed, without a panic, with one `error:` line naming `setting`.
fn assert_fails_naming(output: &Output, setting: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "succeeded: {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    let errors: Vec<_> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains(setting),
        "the error does not name {setting}: {stderr}"
    );
}

#[test]
fn schema_graphql_is_up_to_date() {
    let checked_in = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql")).unwrap();
    assert!(
        checked_in == gazette::graphql::sdl(),
        "schema.graphql is stale: run `cargo run -- schema > schema.graphql`"
    );
    let printed = gazette(&["schema"], &[]);
    assert!(printed.status.success());
    assert_eq!(String::from_utf8_lossy(&printed.stdout), checked_in);
}

#[test]
fn bad_database_urls_fail_with_one_line() {
    assert_fails_naming(
        &gazette(&["migrate", "status"], &[("DATABASE_URL", "nonsense")]),
        "DATABASE_URL",
    );
    assert_fails_naming(
        &gazette(&["--database-url", "oracle://x/y", "migrate", "up"], &[]),
        "DATABASE_URL",
    );
    let unreachable = gazette(
        &["migrate", "status"],
        &[("DATABASE_URL", "postgres://nobody:secret@127.0.0.1:1/none")],
    );
    assert_fails_naming(&unreachable, "DATABASE_URL");
    // The password never reaches the terminal.
    assert!(!String::from_utf8_lossy(&unreachable.stderr).contains("secret"));
}

#[test]
fn sqlite_memory_map_beyond_sqlites_limit_fails_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());
    for bad in ["2048", "-1", "lots"] {
        assert_fails_naming(
            &gazette(
                &["migrate", "status"],
                &[("DATABASE_URL", &url), ("GAZETTE_SQLITE_MMAP_MIB", bad)],
            ),
            "--sqlite-mmap-mib",
        );
    }
    let fine = gazette(
        &["migrate", "status"],
        &[("DATABASE_URL", &url), ("GAZETTE_SQLITE_MMAP_MIB", "0")],
    );
    assert!(fine.status.success(), "{}", String::from_utf8_lossy(&fine.stderr));
}

#[test]
fn bad_listen_address_and_port_in_use_fail_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());
    assert_fails_naming(
        &gazette(&["serve", "--listen", "not-an-address"], &[("DATABASE_URL", &url)]),
        "--listen",
    );
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    assert_fails_naming(
        &gazette(&["serve"], &[("DATABASE_URL", &url), ("GAZETTE_LISTEN", &addr)]),
        "GAZETTE_LISTEN",
    );
}

#[test]
fn migrate_up_down_and_status() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("m.db").display());
    let env = [("DATABASE_URL", url.as_str())];
    // `migrate status` prints one `applied|pending  <name>` line per migration, oldest first.
    let states = || -> Vec<(String, String)> {
        let out = gazette(&["migrate", "status"], &env);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.split_once("  "))
            .map(|(state, name)| (state.to_owned(), name.trim().to_owned()))
            .collect()
    };
    let fresh = states();
    assert!(fresh.len() >= 5, "{fresh:?}");
    assert_eq!(fresh[0].1, "m20261125_000001_create_content_tables");
    assert!(fresh.iter().all(|(state, _)| state == "pending"), "{fresh:?}");

    assert!(gazette(&["migrate", "up"], &env).status.success());
    assert!(states().iter().all(|(state, _)| state == "applied"));

    // One step back undoes the last migration only.
    assert!(gazette(&["migrate", "down"], &env).status.success());
    let after_one = states();
    let (last, earlier) = after_one.split_last().unwrap();
    assert_eq!(last.0, "pending", "{after_one:?}");
    assert!(earlier.iter().all(|(state, _)| state == "applied"), "{after_one:?}");

    // As many steps as there are migrations undo everything.
    assert!(gazette(&["migrate", "up"], &env).status.success());
    let steps = fresh.len().to_string();
    assert!(gazette(&["migrate", "down", "--steps", &steps], &env).status.success());
    assert_eq!(states(), fresh);
}

/// Runs `gazette` in `dir` (where it looks for `gazette.toml`) with a clean environment.
fn gazette_in(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gazette"));
    cmd.current_dir(dir).args(args).env("RUST_LOG", "warn");
    for (key, _) in std::env::vars() {
        if key.starts_with("GAZETTE_") || key == "DATABASE_URL" {
            cmd.env_remove(key);
        }
    }
    cmd.envs(env.iter().copied());
    cmd.output().unwrap()
}

#[test]
fn gazette_toml_sets_defaults_that_the_environment_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let from_file = dir.path().join("file.db");
    std::fs::write(
        dir.path().join("gazette.toml"),
        format!("database_url = \"sqlite://{}?mode=rwc\"\n", from_file.display()),
    )
    .unwrap();
    let status = gazette_in(dir.path(), &["migrate", "up"], &[]);
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    assert!(from_file.exists(), "the file's database_url was used");

    // The environment wins over the file.
    let from_env = dir.path().join("env.db");
    let url = format!("sqlite://{}?mode=rwc", from_env.display());
    assert!(
        gazette_in(dir.path(), &["migrate", "up"], &[("DATABASE_URL", &url)])
            .status
            .success()
    );
    assert!(from_env.exists());

    // GAZETTE_CONFIG names another file; a bad value is refused naming the flag.
    let other = dir.path().join("other.toml");
    std::fs::write(&other, "listen = 5\n").unwrap();
    let bad = gazette_in(dir.path(), &["serve"], &[("GAZETTE_CONFIG", other.to_str().unwrap())]);
    assert_fails_naming(&bad, "--listen");
}

#[test]
fn gazette_toml_mistakes_name_the_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("gazette.toml");
    for (content, named) in [
        ("lisen = \"127.0.0.1:1\"\n", "lisen"),
        ("listen = [1]\n", "listen"),
        ("listen = \n", "gazette.toml"),
    ] {
        std::fs::write(&toml, content).unwrap();
        assert_fails_naming(&gazette_in(dir.path(), &["schema"], &[]), named);
    }
    let missing = gazette_in(
        dir.path(),
        &["schema"],
        &[("GAZETTE_CONFIG", "/nonexistent/gazette.toml")],
    );
    assert_fails_naming(&missing, "GAZETTE_CONFIG");
}

#[test]
fn import_reports_rejections_and_export_feeds_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let first = format!("sqlite://{}?mode=rwc", dir.path().join("first.db").display());
    let second = format!("sqlite://{}?mode=rwc", dir.path().join("second.db").display());
    let input = dir.path().join("in.ndjson");
    std::fs::write(
        &input,
        "{\"title\": \"Bridge reopens to traffic\", \"tags\": [{\"name\": \"Transport\", \"kind\": \"TOPIC\"}]}\n\
         {\"title\": \"Bridge reopens\", \"colour\": \"red\"}\n\
         {\"title\": \"Transport strike called off\", \"source\": {\"name\": \"Valley Wire\", \"shortName\": \"VW\"}}\n",
    )
    .unwrap();
    let errors = dir.path().join("errors.jsonl");
    let out = gazette(
        &["import", input.to_str().unwrap(), "--errors", errors.to_str().unwrap()],
        &[("DATABASE_URL", &first)],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "a rejected line makes the command fail: {stdout}"
    );
    assert!(
        stdout.contains("created 2, updated 0, unchanged 0, rejected 1"),
        "{stdout}"
    );
    assert!(stderr.contains("in.ndjson:2:") && stderr.contains("colour"), "{stderr}");
    let rejected: serde_json::Value = serde_json::from_str(std::fs::read_to_string(&errors).unwrap().trim()).unwrap();
    assert_eq!(rejected["line"], 2);
    assert_eq!(rejected["code"], "BAD_USER_INPUT");

    // The second article mentions the tag the first one created: auto-tagged.
    let export = dir.path().join("out.ndjson");
    let out = gazette(&["export", "-o", export.to_str().unwrap()], &[("DATABASE_URL", &first)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let exported = std::fs::read_to_string(&export).unwrap();
    assert_eq!(exported.lines().count(), 2);
    assert!(exported.lines().all(|l| l.contains("\"transport\"")), "{exported}");

    let out = gazette(&["import", export.to_str().unwrap()], &[("DATABASE_URL", &second)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("created 2, updated 0, unchanged 0, rejected 0"));
    let again = gazette(&["export"], &[("DATABASE_URL", &second)]);
    assert_eq!(String::from_utf8_lossy(&again.stdout), exported);

    // A bad filter is one clear line.
    let bad = gazette(&["export", "--filter", "{\"colour\": 1}"], &[("DATABASE_URL", &second)]);
    assert_fails_naming(&bad, "--filter");
}

crate::db_test!(async fn logs_hold_no_colour_codes_and_no_routine_notices(app) {
    // Run without `RUST_LOG`, as a new user or a service manager runs it, with stderr piped
    // (as a log collector reads it).
    let migrate = |step: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["migrate", step])
            .env_remove("RUST_LOG")
            .env_remove("GAZETTE_LISTEN")
            .env("DATABASE_URL", &app.db_config.url)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{stderr}");
        stderr
    };
    let b = app.backend;
    migrate("down");
    let applied = migrate("up");
    assert!(applied.contains("INFO") && applied.contains("Applying migration"), "{b:?}: {applied}");
    assert!(!applied.contains('\u{1b}'), "{b:?}: {applied:?}");
    // Nothing to apply: nothing to say. PostgreSQL answers sea-orm's `CREATE TABLE IF NOT
    // EXISTS seaql_migrations`, run at every start, with a notice ("already exists,
    // skipping") that sqlx logs at INFO.
    assert_eq!(migrate("up"), "", "{b:?}");
});
