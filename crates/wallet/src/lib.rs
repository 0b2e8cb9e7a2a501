//! Keys and addresses (being written).
