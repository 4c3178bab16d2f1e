//! The design system and the app's frame: layout, navigation, icons, shared pages.

pub mod avatar;
pub mod count;
pub mod dialog;
pub mod empty;
pub mod form;
pub mod grid;
pub mod guards;
pub mod icons;
pub mod layout;
pub mod load_more;
pub mod pages;
pub mod picture;
pub mod skeleton;
pub mod theme;
pub mod toast;
