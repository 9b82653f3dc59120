use leptos::prelude::*;

/// A column heading: its label and any classes that hide it on small screens
/// (e.g. `"hidden md:table-cell"`, repeated on the column's cells).
pub type Column = (&'static str, &'static str);

/// A bordered, horizontally scrollable table with a heading row; `children` are the rows.
#[component]
pub fn DataTable(
    /// `data-testid` of the table.
    testid: &'static str,
    /// The column headings.
    columns: Vec<Column>,
    /// The `<tr>` rows.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table data-testid=testid class="min-w-full divide-y divide-slate-200 text-sm">
                <thead class="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                    <tr>
                        {columns.into_iter().map(|(label, hide)| view! {
                            <th scope="col" class=format!("px-4 py-3 {hide}")>{label}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100">{children()}</tbody>
            </table>
        </div>
    }
}
