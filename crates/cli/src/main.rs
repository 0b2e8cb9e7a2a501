//! The `dtao` binary (being written).
fn main() {}
