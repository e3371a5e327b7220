//! `gazette keys`: creating, listing and revoking keys from the command line, and a real
//! server that takes those keys and never writes them to its log.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A fresh SQLite database URL in `dir`.
fn database_url(dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", dir.join("g.db").display())
}

/// The `gazette` binary on the database `url`, run in `url`'s directory and without any
/// `GAZETTE_*` setting or `gazette.toml` of the machine running the tests.
fn command(url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gazette"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("GAZETTE_") {
            cmd.env_remove(name);
        }
    }
    let file = url.trim_start_matches("sqlite://").trim_end_matches("?mode=rwc");
    cmd.current_dir(Path::new(file).parent().unwrap())
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn");
    cmd
}

fn gazette(url: &str, args: &[&str]) -> Output {
    command(url).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Fails unless the command failed, without a panic, with one `error:` line containing `needle`.
fn assert_fails_naming(output: &Output, needle: &str) {
    let err = stderr(output);
    assert!(!output.status.success(), "succeeded: {}{err}", stdout(output));
    assert!(!err.contains("panicked"), "{err}");
    let errors: Vec<_> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{err}");
    assert!(errors[0].contains(needle), "the error does not name {needle}: {err}");
}

/// Creates a key and returns the secret, checking that stdout is exactly that one line.
fn create_key(url: &str, role: &str, name: &str) -> String {
    let output = gazette(url, &["keys", "create", "--role", role, "--name", name]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    let lines: Vec<_> = out.lines().collect();
    assert_eq!(lines.len(), 1, "stdout is not one line: {out:?}");
    let secret = lines[0].to_string();
    assert!(secret.starts_with("gz_live_"), "{secret}");
    assert_eq!(secret.len(), 51, "{secret}");
    assert!(
        secret[8..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "not base64url: {secret}"
    );
    // The note on stderr names the key, but the secret is printed once, on stdout only.
    let err = stderr(&output);
    assert!(err.contains(name) && err.contains(role), "{err}");
    assert!(!err.contains(&secret[..20]), "{err}");
    secret
}

/// The line of `keys list` for `name`, split on whitespace.
fn listed(url: &str, name: &str) -> Vec<String> {
    let output = gazette(url, &["keys", "list"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    let rows: Vec<Vec<String>> = out
        .lines()
        .map(|l| l.split_whitespace().map(String::from).collect::<Vec<_>>())
        .filter(|cols| cols.get(1).is_some_and(|n| n == name))
        .collect();
    assert_eq!(rows.len(), 1, "{name} is not listed once: {out}");
    rows.into_iter().next().unwrap()
}

#[test]
fn create_list_and_revoke_keys() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(dir.path());
    let secret = create_key(&url, "editor", "cms");
    let other = create_key(&url, "admin", "ops");
    assert_ne!(secret, other);

    let again = gazette(&url, &["keys", "create", "--role", "admin", "--name", "cms"]);
    assert_fails_naming(&again, "cms");
    assert!(
        stdout(&again).is_empty(),
        "a second key was printed: {}",
        stdout(&again)
    );

    let boss = gazette(&url, &["keys", "create", "--role", "boss", "--name", "chief"]);
    assert_fails_naming(&boss, "boss");
    assert!(stdout(&boss).is_empty());
    let bad_name = gazette(&url, &["keys", "create", "--role", "reader", "--name", "has space"]);
    assert!(!bad_name.status.success());
    assert!(stdout(&bad_name).is_empty());

    let list = gazette(&url, &["keys", "list"]);
    assert!(list.status.success(), "{}", stderr(&list));
    let all = format!("{}{}", stdout(&list), stderr(&list));
    for s in [&secret, &other] {
        assert!(
            !all.contains(&s[..20]) && !all.contains(&s[8..]),
            "keys list shows a key: {all}"
        );
    }
    assert!(
        !all.contains("chief") && !all.contains("has space"),
        "a refused key was stored: {all}"
    );
    // id, name, role, created (date time), last used "-", revoked "-".
    let cms = listed(&url, "cms");
    assert_eq!(cms[2], "editor", "{cms:?}");
    assert_eq!(cms[5..], ["-", "-"], "{cms:?}");
    assert_eq!(listed(&url, "ops")[2], "admin");

    let revoke = gazette(&url, &["keys", "revoke", "cms"]);
    assert!(revoke.status.success(), "{}", stderr(&revoke));
    assert!(stdout(&revoke).contains("cms"), "{}", stdout(&revoke));
    let cms = listed(&url, "cms");
    assert_eq!(cms[5], "-", "{cms:?}");
    assert_eq!(cms.len(), 8, "not revoked: {cms:?}");
    assert!(
        cms[6].len() == 10 && cms[7].len() == 5,
        "the revocation time is not shown: {cms:?}"
    );
    assert_eq!(listed(&url, "ops")[5..], ["-", "-"], "revoking cms touched ops");
    // By id too; an unknown key is one error line.
    let ops_id = listed(&url, "ops")[0].clone();
    assert!(gazette(&url, &["keys", "revoke", &ops_id]).status.success());
    assert_eq!(listed(&url, "ops").len(), 8, "ops is not revoked");
    assert_fails_naming(&gazette(&url, &["keys", "revoke", "nobody"]), "nobody");
    // The name stays taken after revocation.
    assert_fails_naming(
        &gazette(&url, &["keys", "create", "--role", "editor", "--name", "cms"]),
        "cms",
    );
}

/// A running `gazette serve`, killed when dropped (also when an assertion fails).
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Sends one HTTP/1.1 request; returns the status and the (de-chunked) body.
fn http(addr: SocketAddr, method: &str, path: &str, authorization: Option<&[u8]>, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    )
    .into_bytes();
    if let Some(value) = authorization {
        request.extend_from_slice(b"Authorization: ");
        request.extend_from_slice(value);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"\r\n");
    request.extend_from_slice(body.as_bytes());
    stream.write_all(&request).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let chunked = head.to_ascii_lowercase().contains("transfer-encoding: chunked");
    (status, if chunked { dechunk(body) } else { body.to_string() })
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// A GraphQL POST body.
fn graphql(query: &str) -> String {
    serde_json::json!({ "query": query }).to_string()
}

fn serve(url: &str, log: &Path) -> Server {
    let addr = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let file = std::fs::File::create(log).unwrap();
    let child = command(url)
        .arg("serve")
        .env("GAZETTE_LISTEN", addr.to_string())
        .env("RUST_LOG", "trace")
        .stdin(Stdio::null())
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .spawn()
        .unwrap();
    let mut server = Server { child, addr };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            panic!(
                "the server exited ({status}): {}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        let ready = TcpStream::connect(addr).is_ok() && http(addr, "GET", "/readyz", None, "").0 == 200;
        if ready {
            return server;
        }
        assert!(
            Instant::now() < deadline,
            "not ready after 30s: {}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_server_takes_keys_and_never_logs_them() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(dir.path());
    let secret = create_key(&url, "editor", "cms");
    let revoked = create_key(&url, "reader", "old");
    assert!(gazette(&url, &["keys", "revoke", "old"]).status.success());
    let log_path = dir.path().join("server.log");
    let server = serve(&url, &log_path);
    let addr = server.addr;
    let bearer = format!("Bearer {secret}");
    let auth = Some(bearer.as_bytes());

    let (status, body) = http(addr, "POST", "/graphql", auth, &graphql("{ articles { totalCount } }"));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(r#""totalCount":0"#), "{body}");

    let create = r#"mutation { createArticle(input: { title: "Log check", slug: "log-check", language: "en", body: "Text." }) { slug status createdBy } }"#;
    let (status, body) = http(addr, "POST", "/graphql", auth, &graphql(create));
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains(r#""slug":"log-check""#) && body.contains(r#""createdBy":"cms""#),
        "{body}"
    );

    let (status, body) = http(addr, "GET", "/graphql?query=%7Barticles%7BtotalCount%7D%7D", auth, "");
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains(r#""totalCount":1"#),
        "the editor does not see its draft: {body}"
    );

    // A wrong key (well formed, one character changed), a revoked one, a malformed header,
    // the key without its scheme, and a non-ASCII header: all 401, none logged.
    let last = if secret.ends_with('A') { 'B' } else { 'A' };
    let wrong = format!("{}{last}", &secret[..secret.len() - 1]);
    let refused: Vec<Vec<u8>> = vec![
        format!("Bearer {wrong}").into_bytes(),
        format!("Bearer {revoked}").into_bytes(),
        format!("Bearer {secret}x").into_bytes(),
        secret.clone().into_bytes(),
        [b"Bearer ".as_slice(), &secret.as_bytes()[..40], "é".as_bytes()].concat(),
    ];
    for header in &refused {
        for query in ["{ articles { totalCount } }", create] {
            let (status, body) = http(addr, "POST", "/graphql", Some(header), &graphql(query));
            assert_eq!(status, 401, "{}: {body}", String::from_utf8_lossy(header));
            assert!(body.contains("UNAUTHENTICATED"), "{body}");
            assert!(!body.contains(&secret[..20]), "{body}");
        }
    }
    // The refused mutations wrote nothing.
    let (_, body) = http(addr, "POST", "/graphql", auth, &graphql("{ articles { totalCount } }"));
    assert!(body.contains(r#""totalCount":1"#), "{body}");

    drop(server);
    let log = std::fs::read_to_string(&log_path).unwrap();
    // The log is real (trace level, with the requests in it), so its silence about keys means something.
    assert!(log.contains("/graphql") && log.contains("TRACE"), "{log}");
    for key in [&secret, &wrong, &revoked] {
        assert!(!log.contains(key.as_str()), "the log contains a key");
        assert!(!log.contains(&key[..20]), "the log contains the start of a key");
        assert!(!log.contains(&key[8..]), "the log contains the random part of a key");
    }
    // `keys list` shows when the key was last used.
    let cms = listed(&url, "cms");
    assert_ne!(cms[5], "-", "no last use recorded: {cms:?}");
}
