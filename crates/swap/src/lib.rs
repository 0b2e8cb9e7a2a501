//! TAO/alpha pool math (being written).
