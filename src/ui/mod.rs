//! The design system and the app's frame: layout, navigation, icons, shared pages.

pub mod avatar;
pub mod form;
pub mod grid;
pub mod guards;
pub mod icons;
pub mod layout;
pub mod load_more;
pub mod pages;
pub mod picture;
pub mod theme;
