"""Data: which dataset is in use, per source what was loaded and rejected, upload."""

import streamlit as st

from radar.access.policy import Action
from radar.ingest.report import LABELS, sources_overview
from radar.ingest.result import REJECT_CODES
from radar.kernel.errors import RadarError
from radar.kernel.format import number
from ui import auth, cache, controls, upload

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
    st.info(f"RADAR_DATA_DIR is gezet: de app toont {cache.data_dir()}.")
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
st.dataframe(sources_overview(reports), hide_index=True, key="data.sources")

st.subheader("Inlezen")
with st.form("data.form", clear_on_submit=True):
    source = st.selectbox(
        "Bron", list(LABELS), format_func=LABELS.__getitem__, key="data.source"
    )
    uploaded = st.file_uploader(
        "Bestand (KBO-zip, CSV, XLSX of JSON)",
        type=["zip", "csv", "txt", "json", "xlsx"],
        key="data.file",
        max_upload_size=limits.upload_max_mb,
    )
    submitted = st.form_submit_button("Inlezen", key="data.ingest")
if submitted and uploaded is not None:
    try:
        st.session_state["data.last"] = upload.ingest_upload(
            store, source, uploaded, limits
        )
        st.session_state.pop("data.error", None)
        auth.log_ingest(user, source, st.session_state["data.last"])
    except RadarError as exc:
        st.session_state["data.error"] = str(exc)
        auth.log_ingest(user, source, None, str(exc))
    st.rerun()
if "data.error" in st.session_state:
    st.error(f"Geweigerd, er is niets veranderd: {st.session_state['data.error']}")
last = st.session_state.get("data.last")
if last:
    n = {k: number(last[k]) for k in ("rows_read", "rows_kept")}
    st.success(
        f"{last['label']}: {n['rows_read']} rijen gelezen, {n['rows_kept']} bewaard, "
        f"{last['rejects']} afgewezen ({last['seconds']} s)."
    )

st.subheader("Validatie en afgewezen rijen")
validation = store.manifest().get("validation", {})
c1, c2 = st.columns(2)
c1.metric("Afgewezen rijen (alle bronnen)", sum(r["rejects"] for r in reports.values()))
c2.metric("Problemen in de samengestelde dataset", validation.get("issues", 0))
if validation.get("issues"):
    with st.expander("Validatierapport van de samengestelde dataset"):
        for code, count in validation.get("by_code", {}).items():
            st.write(f"{code}: {count}")
        for message in validation.get("examples", []):
            st.caption(message)
for key, report in reports.items():
    with st.expander(f"{LABELS[key]}: {report['rejects']} afgewezen", expanded=True):
        for code, count in report.get("rejects_by_code", {}).items():
            st.write(f"{REJECT_CODES.get(code, code)} ({code}): {count}")
        for reason, count in report.get("skipped", {}).items():
            st.write(f"overgeslagen, {reason}: {count}")
        st.dataframe(store.rejects_preview(key), hide_index=True)
        st.download_button(
            "Download afgewezen rijen (CSV)",
            store.rejects_csv(key),
            file_name=f"afgewezen_{key}_{report['snapshot']}.csv",
            mime="text/csv",
            key=f"data.rejects.{key}",
        )

auth.audit_panel()
