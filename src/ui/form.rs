//! Form pieces shared by every page: labelled fields, the error alert, submit buttons.

use leptos::prelude::*;

use crate::error::AppError;

/// A labelled input. `kept` is the value to show again after a failed submission.
#[component]
pub fn Field(
    #[prop(into)] label: String,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] value: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    view! {
        <div class="flex flex-col gap-1">
            <label for=id.clone() class="label">
                {label}
            </label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                maxlength=maxlength
                aria-describedby=hint_id.clone()
                value=move || value.get()
                class="input"
            />
            {hint.map(|hint| view! {
                <p id=hint_id class="hint">{hint}</p>
            })}
        </div>
    }
}

/// The message of a failed submission, announced to screen readers.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <p role="alert" class="alert-error">
                {move || error.get().map(|error| error.to_string())}
            </p>
        </Show>
    }
}

/// The error of an action's last run, if it failed.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// A value the last failed submission kept for field `name`.
pub fn kept_value(error: Signal<Option<AppError>>, name: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        error
            .get()
            .and_then(|error| error.kept(name).map(str::to_owned))
    })
}

/// Percent-encodes a query-string value.
pub fn encode_query_value(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                encoded.push(byte as char)
            }
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_are_encoded() {
        assert_eq!(super::encode_query_value("/p/1?a=b&c"), "/p/1%3Fa%3Db%26c");
        assert_eq!(super::encode_query_value("/été"), "/%C3%A9t%C3%A9");
    }
}
