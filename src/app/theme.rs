//! Light, dark, or whatever the device prefers. The choice lives in a cookie, so the
//! server renders the page in the right theme from the first byte: no flash of the
//! wrong one. The stylesheet's `dark:` variant reads `data-theme` on `<html>`
//! (`system` follows `prefers-color-scheme`).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const COOKIE: &'static str = "theme";
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "Same as this device",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }

    /// For `<meta name="color-scheme">`: form controls and scrollbars follow it.
    pub fn color_scheme(self) -> &'static str {
        match self {
            Theme::System => "light dark",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|theme| theme.as_str() == text)
    }

    /// The theme named in a `Cookie` header; the system's when there is none.
    pub fn from_cookie_header(header: &str) -> Self {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == Self::COOKIE)
            .and_then(|(_, value)| Self::parse(value.trim()))
            .unwrap_or_default()
    }

    /// The theme the page is rendered in: the request's cookie on the server, the
    /// document's attribute in the browser (which the server wrote).
    pub fn current() -> Self {
        #[cfg(feature = "ssr")]
        {
            use_context::<axum::http::request::Parts>()
                .map(|parts| {
                    parts
                        .headers
                        .get_all(axum::http::header::COOKIE)
                        .iter()
                        .filter_map(|value| value.to_str().ok())
                        .map(Self::from_cookie_header)
                        .find(|theme| *theme != Theme::System)
                        .unwrap_or_default()
                })
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        {
            document()
                .document_element()
                .and_then(|html| html.get_attribute("data-theme"))
                .and_then(|theme| Self::parse(&theme))
                .unwrap_or_default()
        }
    }
}

/// Remembers the theme for a year, for visitors too, and answers with it.
#[server(endpoint = "set_theme")]
pub async fn set_theme(theme: Theme) -> Result<Theme, AppError> {
    use axum::http::{HeaderValue, header};
    // Only the server reads it (scripts never need to): HttpOnly.
    let cookie = HeaderValue::from_static(match theme {
        Theme::System => "theme=system; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        Theme::Light => "theme=light; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
        Theme::Dark => "theme=dark; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly",
    });
    expect_context::<leptos_axum::ResponseOptions>().append_header(header::SET_COOKIE, cookie);
    Ok(theme)
}

/// Switches the page in place: the attribute the stylesheet reads, and the colour
/// scheme of form controls and scrollbars.
#[cfg(feature = "hydrate")]
fn apply(theme: Theme) {
    let document = document();
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("data-theme", theme.as_str());
    }
    if let Ok(Some(meta)) = document.query_selector(r#"meta[name="color-scheme"]"#) {
        let _ = meta.set_attribute("content", theme.color_scheme());
    }
}

/// Three choices and "Save". With JavaScript the page switches as soon as the server
/// has the choice; without it the form posts and the page comes back in the new theme.
#[island(lazy)]
pub fn AppearanceForm(current: Theme) -> impl IntoView {
    let save = ServerAction::<SetTheme>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(Ok(theme)) = save.value().get() {
            apply(theme);
        }
    });
    view! {
        <ActionForm action=save attr:class="flex flex-col gap-3">
            <fieldset class="flex flex-col gap-2">
                <legend class="mb-1 text-sm font-medium text-neutral-700 dark:text-neutral-300">"Theme"</legend>
                {Theme::ALL.into_iter().map(|theme| view! {
                    <label class="flex items-center gap-3 text-sm">
                        <input
                            type="radio"
                            name="theme"
                            value=theme.as_str()
                            checked=theme == current
                            class="size-4 accent-sky-600"
                        />
                        {theme.label()}
                    </label>
                }).collect_view()}
            </fieldset>
            {move || matches!(save.value().get(), Some(Ok(_))).then(|| view! {
                <p role="status" class="text-sm text-emerald-700 dark:text-emerald-300">"Appearance saved."</p>
            })}
            <button type="submit" class="btn-secondary self-start" disabled=move || save.pending().get()>
                "Save appearance"
            </button>
        </ActionForm>
    }
}

#[cfg(test)]
mod tests {
    use super::Theme;

    #[test]
    fn the_cookie_names_the_theme_and_anything_else_means_the_system() {
        assert_eq!(
            Theme::from_cookie_header("a=1; theme=dark; b=2"),
            Theme::Dark
        );
        assert_eq!(Theme::from_cookie_header("theme=light"), Theme::Light);
        assert_eq!(Theme::from_cookie_header("theme=purple"), Theme::System);
        assert_eq!(Theme::from_cookie_header("xtheme=dark"), Theme::System);
        assert_eq!(Theme::from_cookie_header(""), Theme::System);
    }
}
