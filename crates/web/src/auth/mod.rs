//! Who is asking, and proving it: passwords, sessions, tokens, sign-in throttling.

pub mod secrets;
