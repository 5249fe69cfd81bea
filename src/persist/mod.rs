//! Settings, reading positions and bookmarks, saved to A/B flash slots.
