//! Chinese line breaking and pagination.
