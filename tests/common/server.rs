//! A scripted HTTP/1.1 server on 127.0.0.1 for network tests: each request is answered
//! by a closure, and every request received is kept for the test to inspect.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    /// The body, read up to its Content-Length.
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub enum Body {
    Bytes(Vec<u8>),
    /// Sends data until the client hangs up.
    Endless,
    /// Sends no answer at all and keeps the connection open.
    Hang,
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    /// How long the server takes before it answers (a slow site).
    pub delay: Option<std::time::Duration>,
    /// Answered only once the test adds a permit to this semaphore.
    pub gate: Option<Arc<tokio::sync::Semaphore>>,
}

impl Reply {
    pub fn ok(body: &str) -> Reply {
        Reply::new(200, body.as_bytes().to_vec())
    }

    pub fn new(status: u16, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Body::Bytes(body),
            delay: None,
            gate: None,
        }
    }

    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply::new(status, Vec::new()).with("Location", location)
    }

    /// The same reply, sent `delay` after the request was read.
    pub fn after(mut self, delay: std::time::Duration) -> Reply {
        self.delay = Some(delay);
        self
    }

    /// The same reply, sent once the test adds a permit to `gate`: a page that answers
    /// when the test says so, not after a time the test hopes is long enough.
    pub fn when_let_through(mut self, gate: Arc<tokio::sync::Semaphore>) -> Reply {
        self.gate = Some(gate);
        self
    }

    pub fn with(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub requests: Arc<Mutex<Vec<Request>>>,
}

impl TestServer {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn received(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// Starts a server on `ip` (port chosen by the system) answering with `handler`.
pub async fn serve_on(
    ip: &str,
    handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
) -> TestServer {
    let listener = TcpListener::bind((ip, 0)).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let handler: Handler = Arc::new(handler);
    let kept = requests.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(answer(stream, handler.clone(), kept.clone()));
        }
    });
    TestServer { addr, requests }
}

pub async fn serve(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> TestServer {
    serve_on("127.0.0.1", handler).await
}

async fn answer(mut stream: TcpStream, handler: Handler, requests: Arc<Mutex<Vec<Request>>>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let end = head.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(0) + 4;
    let mut body = head.split_off(end);
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.split("\r\n");
    let mut first = lines.next().unwrap_or("").split(' ');
    let method = first.next().unwrap_or("GET").to_string();
    let path = first.next().unwrap_or("/").to_string();
    let headers: Vec<(String, String)> = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while body.len() < length {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&buf[..n]),
        }
    }
    let request = Request {
        method,
        path,
        headers,
        body,
    };
    requests.lock().unwrap().push(request.clone());
    let reply = handler(&request);
    if let Some(delay) = reply.delay {
        tokio::time::sleep(delay).await;
    }
    if let Some(gate) = &reply.gate {
        // Closed (the test is over): answered all the same.
        let _ = gate.acquire().await;
    }

    let mut out = format!("HTTP/1.1 {} Test\r\nConnection: close\r\n", reply.status);
    for (name, value) in &reply.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    match reply.body {
        Body::Bytes(body) => {
            out.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
            let _ = stream.write_all(out.as_bytes()).await;
            let _ = stream.write_all(&body).await;
        }
        Body::Endless => {
            out.push_str("\r\n");
            let _ = stream.write_all(out.as_bytes()).await;
            let chunk = vec![b'x'; 16 * 1024];
            while stream.write_all(&chunk).await.is_ok() {}
        }
        Body::Hang => {
            // Wait for the client to give up and close.
            while matches!(stream.read(&mut buf).await, Ok(n) if n > 0) {}
        }
    }
}
