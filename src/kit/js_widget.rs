//! Hosting vendored JavaScript widgets (Swagger UI now; bpmn-js and echarts with their
//! screens): the component owns an element, mounts the widget into it once hydrated, passes
//! its configuration in as JSON (again whenever the configuration signal changes), reports
//! the widget's events out, and unmounts it when the component goes away. Every call into
//! JavaScript is one of the typed externs below, to one script (`public/js-widgets.js`, the
//! global `wocWidgets`, loaded by the page shell before the bundle), which loads each widget's
//! files once per document from this site.

use leptos::html;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The widgets the host can mount; each has its entry in `public/js-widgets.js`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Widget {
    /// Swagger UI, rendering an OpenAPI document.
    SwaggerUi,
}

impl Widget {
    /// Its name in `public/js-widgets.js`.
    pub fn name(self) -> &'static str {
        match self {
            Widget::SwaggerUi => "swagger-ui",
        }
    }
}

/// An event a widget reported: its name and a JSON detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetEvent {
    /// What happened (`rendered`, `failed`, or the widget's own events).
    pub name: String,
    /// The detail, as JSON.
    pub detail: String,
}

impl WidgetEvent {
    /// The detail read as `T`; `None` when it does not have that shape.
    pub fn detail<T: DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(&self.detail).ok()
    }
}

/// Where a widget is: loading its files, drawn, or failed (its files did not load).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WidgetState {
    /// Loading or drawing.
    Loading,
    /// Drawn.
    Rendered,
    /// Could not load.
    Failed,
}

/// The element a widget lives in. `state` follows the widget (and is on the element as
/// `data-rendered`: `false`, `true`, `failed`), so the page can say "loading" or offer a
/// way around a failure.
#[component]
pub fn JsWidget<C>(
    /// Which widget.
    widget: Widget,
    /// Its configuration.
    config: Signal<C>,
    /// The element's id.
    #[prop(optional)]
    id: &'static str,
    /// Extra CSS class.
    #[prop(optional)]
    class: &'static str,
    /// The widget's state, kept up to date.
    #[prop(optional)]
    state: Option<RwSignal<WidgetState>>,
    /// Called with every event the widget reports.
    #[prop(optional)]
    on_event: Option<Callback<WidgetEvent>>,
) -> impl IntoView
where
    C: Serialize + Clone + Send + Sync + 'static,
{
    let state = state.unwrap_or_else(|| RwSignal::new(WidgetState::Loading));
    let node = NodeRef::<html::Div>::new();
    #[cfg(feature = "hydrate")]
    host::run(widget, config, node, state, on_event);
    #[cfg(not(feature = "hydrate"))]
    let _ = (widget, config, on_event);
    view! {
        <div
            node_ref=node
            id=(!id.is_empty()).then_some(id)
            class=format!("js-widget {class}")
            data-widget=widget.name()
            data-rendered=move || match state.get() {
                WidgetState::Loading => "false",
                WidgetState::Rendered => "true",
                WidgetState::Failed => "failed",
            }
        ></div>
    }
}

#[cfg(feature = "hydrate")]
mod host {
    use leptos::html;
    use leptos::prelude::*;
    use serde::Serialize;
    use wasm_bindgen::prelude::*;

    use super::{Widget, WidgetEvent, WidgetState};

    #[wasm_bindgen(js_namespace = wocWidgets)]
    extern "C" {
        /// A mounted widget.
        type Handle;

        #[wasm_bindgen(js_name = mount)]
        fn js_mount(
            name: &str,
            el: &web_sys::HtmlElement,
            config: &str,
            emit: &Closure<dyn FnMut(String, String)>,
        ) -> Handle;

        #[wasm_bindgen(js_name = update)]
        fn js_update(handle: &Handle, config: &str);

        #[wasm_bindgen(js_name = unmount)]
        fn js_unmount(handle: &Handle);
    }

    /// Mounts once the element exists (effects run after hydration, so the widget never
    /// changes markup hydration still has to match), updates on every configuration change,
    /// unmounts on cleanup.
    pub fn run<C>(
        widget: Widget,
        config: Signal<C>,
        node: NodeRef<html::Div>,
        state: RwSignal<WidgetState>,
        on_event: Option<Callback<WidgetEvent>>,
    ) where
        C: Serialize + Clone + Send + Sync + 'static,
    {
        type Mounted = (Handle, Closure<dyn FnMut(String, String)>);
        let mounted = StoredValue::new_local(None::<Mounted>);
        Effect::new(move |_| {
            let json = config.with(|c| serde_json::to_string(c).unwrap_or_else(|_| "{}".into()));
            let Some(el) = node.get() else { return };
            mounted.update_value(|m| match m {
                Some((handle, _)) => js_update(handle, &json),
                None => {
                    let emit = Closure::<dyn FnMut(String, String)>::new(
                        move |name: String, detail: String| {
                            match name.as_str() {
                                "rendered" => state.set(WidgetState::Rendered),
                                "failed" => state.set(WidgetState::Failed),
                                _ => {}
                            }
                            if let Some(cb) = on_event {
                                cb.run(WidgetEvent { name, detail });
                            }
                        },
                    );
                    let handle = js_mount(widget.name(), &el, &json, &emit);
                    *m = Some((handle, emit));
                }
            });
        });
        on_cleanup(move || {
            mounted.update_value(|m| {
                if let Some((handle, _emit)) = m.take() {
                    js_unmount(&handle);
                }
            });
        });
    }
}
