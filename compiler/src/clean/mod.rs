//! Markdown / MediaWiki cleaning into the document model.
