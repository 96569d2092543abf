//! The screen of a list of records: header with the create button, the last failure of a
//! row action, then the list (filters, table, pager) in a card.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::error::UiError;
use crate::i18n::{use_locale, Text};
use crate::kit::async_view::ActionError;
use crate::kit::page_header::PageHeader;
use crate::kit::record_dialog::RecordForm;

/// Header, create button, row-action error and the list (the children).
#[component]
pub fn RecordScreen(
    /// The screen's name.
    title: Text,
    /// What the screen is for.
    intro: Text,
    /// The create button's text (新建部门).
    create: Text,
    /// Opens the create dialog.
    on_create: Callback<()>,
    /// The last failure of a row action (delete, disable).
    #[prop(into)]
    error: Signal<Option<UiError>>,
    children: Children,
) -> impl IntoView {
    let t = use_locale();
    view! {
        <PageHeader title intro>
            <button type="button" class="button primary" on:click=move |_| on_create.run(())>
                {move || create.of(t.get())}
            </button>
        </PageHeader>
        <section class="card">
            <ActionError error />
            {children()}
        </section>
    }
}

/// The editing half of a record screen: the form saved through the save action, which record
/// is open in it (`None`: a new one), and what reloads the list. Keyed on [`Self::changes`],
/// the list's resource reloads after every save and every delete.
pub struct RecordEdits<K: Send + Sync + 'static> {
    /// The dialog's form.
    pub form: RecordForm,
    /// The key of the record being edited; `None` while creating one.
    pub editing: RwSignal<Option<K>>,
    /// The last refusal of a delete, for [`RecordScreen`]'s `error`.
    pub remove_error: Signal<Option<UiError>>,
    versions: Signal<(usize, usize)>,
}

impl<K: Send + Sync + 'static> Clone for RecordEdits<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: Send + Sync + 'static> Copy for RecordEdits<K> {}

impl<K: Clone + Send + Sync + 'static> RecordEdits<K> {
    /// Edits saved through `save` and deleted through `remove`; `id` prefixes the form's ids.
    pub fn new<S, D>(id: &'static str, save: ServerAction<S>, remove: ServerAction<D>) -> Self
    where
        S: ServerFn<Error = UiError> + Send + Sync + Clone + 'static,
        S::Output: Clone + Send + Sync + 'static,
        D: ServerFn<Error = UiError> + Send + Sync + Clone + 'static,
        D::Output: Clone + Send + Sync + 'static,
    {
        RecordEdits {
            form: RecordForm::new(id, save),
            editing: RwSignal::new(None),
            remove_error: Signal::derive(move || remove.value().get().and_then(Result::err)),
            versions: Signal::derive(move || (save.version().get(), remove.version().get())),
        }
    }

    /// Changes after each finished save or delete (tracked).
    pub fn changes(&self) -> (usize, usize) {
        self.versions.get()
    }

    /// Opens the form on the record `key` (`None`: a new one).
    pub fn open(&self, key: Option<K>) {
        self.editing.set(key);
        self.form.open();
    }

    /// The dialog's title, in the current language: `edit` while a record is open, else `new`.
    pub fn dialog_title(&self, edit: Text, new: Text) -> Signal<String> {
        let (t, editing) = (use_locale(), self.editing);
        Signal::derive(move || {
            let text = if editing.with(Option::is_some) {
                edit
            } else {
                new
            };
            text.of(t.get()).to_owned()
        })
    }
}
