//! Drawing pages through embedded-graphics.
