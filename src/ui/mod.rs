//! The design system: the building blocks every page is made of (icons, avatars,
//! forms, dialogs, toasts, skeletons, counts, pictures, empty states, load-more, the
//! not-found and error pages). It
//! knows no product area.

pub mod address;
pub mod avatar;
pub mod count;
pub mod dialog;
pub mod empty;
pub mod error_page;
pub mod form;
pub mod icons;
pub mod link_preview;
pub mod load_more;
pub mod picture;
pub mod server_html;
pub mod skeleton;
pub mod toast;
