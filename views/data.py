"""Data: which dataset is in use, per source what was loaded and rejected, upload."""

import functools

import streamlit as st

from radar.access.policy import Action
from radar.ingest.findings import KINDS
from radar.ingest.report import LABELS, sources_overview
from radar.ingest.result import REJECT_CODES
from radar.kernel.errors import RadarError
from radar.kernel.format import number
from ui import auth, cache, controls, errors, grid, upload
from ui import help as helptext
from ui.safe import literal, md

PREVIEW = 500

user = auth.require(Action.DATA)
limits = controls.limits()
store = cache.data_store()
ds = cache.dataset()

st.title("Data")
controls.demo_badge()

st.subheader("Gegevens in gebruik")
has_real = store.dataset_dir() is not None
options = {"demo": "Demodata (synthetisch)", "real": "Eigen gegevens"}
if cache.paths().data_override is not None:
    st.info(f"RADAR_DATA_DIR is gezet: de app toont {literal(cache.data_dir(), 200)}.")
use = st.radio(
    "Toon",
    list(options),
    index=list(options).index(store.active()),
    format_func=options.__getitem__,
    horizontal=True,
    key="data.use",
    disabled=not has_real,
    help=None if has_real else "Lees eerst een bron in.",
)
if use != store.active():
    store.set_active(use)
    auth.log_switch(user, use)
    st.rerun()
st.caption(str(ds.meta.get("source", "")))

st.subheader("Bronnen")
reports = store.reports()
grid.show(sources_overview(reports), key="data.sources", pin_total=False)

st.subheader("Inlezen")
source = st.selectbox(
    "Bron",
    list(LABELS),
    format_func=LABELS.__getitem__,
    key="data.source",
    help=helptext.text("data.source"),
)
with st.form("data.form", clear_on_submit=True):
    uploaded = st.file_uploader(
        "Bestand (KBO-zip, CSV, XLSX of JSON)",
        type=["zip", "csv", "txt", "json", "xlsx"],
        key="data.file",
        max_upload_size=limits.upload_max_mb,
        help=f"Tot {number(limits.upload_max_mb)} MB: genoeg voor een KBO Full-zip.",
    )
    allow_empty = st.checkbox(
        "Lege bron toestaan",
        key="data.allow_empty",
        help="Een bestand zonder bruikbare rijen wordt geweigerd: het zou de bron "
        "vervangen door niets. Vink dit aan om de bron bewust leeg te maken.",
    )
    submitted = st.form_submit_button("Inlezen", key="data.ingest")
if submitted and uploaded is not None:
    name = upload.shown_name(uploaded)
    st.session_state.pop("data.last", None)
    try:
        st.session_state["data.last"] = upload.ingest_upload(
            store, source, uploaded, limits, allow_empty
        )
        st.session_state.pop("data.error", None)
        auth.log_ingest(user, source, st.session_state["data.last"])
    except (RadarError, OSError) as exc:
        message = str(exc) if isinstance(exc, RadarError) else f"{name}: {exc}"
        st.session_state["data.error"] = (source, name, message)
        auth.log_ingest(user, source, None, message)
    except Exception as exc:  # a bug: a message with an incident id, not a traceback
        incident = errors.incident(exc, "inlezen")
        message = (
            f"onverwachte fout bij het inlezen (incident {incident}); meld dit aan "
            "de beheerder"
        )
        st.session_state["data.error"] = (source, name, message)
        auth.log_ingest(user, source, None, message)
    st.rerun()
if "data.error" in st.session_state:
    failed, name, message = st.session_state["data.error"]
    st.error(
        f"**Geweigerd, er is niets veranderd** ({LABELS[failed]}, bestand "
        f"{literal(name)}): {md(message)}",
        icon=":material/block:",
    )
last = st.session_state.get("data.last")
if last:
    st.success(upload.summary(last))
    if last.get("allowed_empty"):
        st.warning(f"{last['label']} is nu leeg: ingelezen met 'Lege bron toestaan'.")

st.subheader("Benaderingen en inconsistenties")
found = store.findings()
st.caption(
    "Rijen die bewaard zijn maar niet precies zijn wat het bestand zei, of die een "
    "andere bron tegenspreekt. Ze tellen mee in de cijfers; controleer ze in de bron."
)
if not found:
    st.write("Geen gevonden in de ingelezen bronnen.")
listed = store.findings_frame()
for kind, count in found.items():
    with st.expander(f"{KINDS.get(kind, kind)}: {number(count)}"):
        st.dataframe(
            listed[listed["soort"] == kind].head(PREVIEW),
            hide_index=True,
            key=f"data.findings.{kind}",
        )
        st.download_button(
            "Download de lijst (CSV)",
            functools.partial(store.findings_csv, kind, excel=True),
            file_name=f"{kind}_{store.manifest().get('dataset', '')}.csv",
            mime="text/csv",
            key=f"data.findings.csv.{kind}",
        )

st.subheader("Validatie en afgewezen rijen")
validation = store.manifest().get("validation", {})
c1, c2 = st.columns(2)
c1.metric(
    "Afgewezen rijen (alle bronnen)",
    number(sum(r.get("rows_rejected", r["rejects"]) for r in reports.values())),
)
c2.metric("Problemen in de samengestelde dataset", number(validation.get("issues", 0)))
if validation.get("issues"):
    with st.expander("Validatierapport van de samengestelde dataset"):
        for code, count in validation.get("by_code", {}).items():
            st.write(f"{md(code)}: {count}")
        for message in validation.get("examples", []):
            st.caption(md(message))
for key, report in reports.items():
    rejected = report.get("rows_rejected", report["rejects"])
    with st.expander(f"{LABELS[key]}: {number(rejected)} afgewezen", expanded=True):
        for code, count in report.get("rejects_by_code", {}).items():
            st.write(f"{REJECT_CODES.get(code, md(code))} ({md(code)}): {count}")
        for reason, count in report.get("skipped", {}).items():
            st.write(f"overgeslagen, {md(reason)}: {count}")
        st.dataframe(store.rejects_preview(key, PREVIEW), hide_index=True)
        st.download_button(
            "Download afgewezen rijen (CSV)",
            functools.partial(store.rejects_csv, key, excel=True),
            file_name=f"afgewezen_{key}_{report['snapshot']}.csv",
            mime="text/csv",
            key=f"data.rejects.{key}",
        )

auth.audit_panel()
