//! Emission economics (being written).
