//! Link previews: the Open Graph and Twitter card tags that chats and social networks
//! read to unfurl a link to a public post or profile. Every value is an attribute of a
//! `<meta>` element, which Leptos escapes; addresses are absolute, from `PUBLIC_URL`.

use leptos::prelude::*;
use leptos_meta::Meta;

/// The origin this site's links start with: `PUBLIC_URL`, else the address the app
/// listens on (never the request's Host header, which anyone can set). In the browser,
/// where these tags only ever get rewritten with the same values, the page's own.
fn public_origin() -> String {
    #[cfg(feature = "ssr")]
    {
        let state = expect_context::<crate::server::state::AppState>();
        state
            .config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", state.leptos_options.site_addr))
    }
    #[cfg(not(feature = "ssr"))]
    {
        window().location().origin().unwrap_or_default()
    }
}

/// `path` as an absolute address (stored media may already be one, in S3).
fn absolute(origin: &str, path: &str) -> String {
    if path.starts_with("https://") || path.starts_with("http://") {
        path.to_owned()
    } else {
        format!("{origin}{path}")
    }
}

/// A description short enough for a preview card: the first 200 characters.
pub fn preview_text(text: &str) -> String {
    const MAX: usize = 200;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > MAX {
        format!("{}…", text.chars().take(MAX - 1).collect::<String>())
    } else {
        text
    }
}

#[component]
pub fn LinkPreview(
    /// "article" for a post, "profile" for a person.
    kind: &'static str,
    title: String,
    description: String,
    /// The page's own path, `/p/12` or `/ada`.
    path: String,
    /// The photo (or avatar) to show, as stored.
    image: Option<String>,
    /// Its text alternative.
    #[prop(optional, into)]
    image_alt: Option<String>,
) -> impl IntoView {
    let origin = public_origin();
    let url = absolute(&origin, &path);
    let card = if image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    let image = image.map(|image| absolute(&origin, &image));
    view! {
        <Meta property="og:site_name" content="Isntgram" />
        <Meta property="og:type" content=kind />
        <Meta property="og:title" content=title.clone() />
        <Meta property="og:description" content=description.clone() />
        <Meta property="og:url" content=url />
        <Meta name="twitter:card" content=card />
        <Meta name="twitter:title" content=title />
        <Meta name="twitter:description" content=description />
        {image.map(|image| view! {
            <Meta property="og:image" content=image.clone() />
            <Meta name="twitter:image" content=image />
        })}
        {image_alt.map(|alt| view! {
            <Meta property="og:image:alt" content=alt.clone() />
            <Meta name="twitter:image:alt" content=alt />
        })}
    }
}
