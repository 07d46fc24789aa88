//! Who is asking, and proving it: passwords, sessions, tokens, sign-in throttling.

pub mod caller;
pub mod cookies;
pub mod secrets;
pub mod signin;
pub mod tokens;

pub use caller::{ApiCaller, Caller, PageCaller};
