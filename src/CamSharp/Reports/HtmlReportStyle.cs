namespace CamSharp.Reports;

/// <summary>
/// The report's only style sheet, inlined into the page: system fonts (nothing to fetch),
/// grids that wrap from one column on a phone to several on a desktop, light and dark. Metric
/// names wrap inside their own column (never squeezing the value to a character per line), and
/// on a narrow screen the timings table turns into one label/value block per map.
/// </summary>
internal static class HtmlReportStyle
{
    public const string Css = """
        :root { color-scheme: light dark; --fg: #1b1f24; --muted: #5b6572; --bg: #ffffff; --card: #f4f6f9; --line: #d8dee6; --accent: #2f6fdf; }
        @media (prefers-color-scheme: dark) { :root { --fg: #e6e9ee; --muted: #9aa4b1; --bg: #14171b; --card: #1e232a; --line: #323a44; --accent: #6ea0ff; } }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--fg); background: var(--bg); }
        header, main, footer { max-width: 1240px; margin: 0 auto; padding: 0 16px; }
        h1 { font-size: 1.4rem; margin: 1.2rem 0 .3rem; overflow-wrap: anywhere; }
        h2 { font-size: 1.15rem; margin: 1.8rem 0 .7rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
        h3 { font-size: 1.02rem; margin: 1.3rem 0 .5rem; }
        h4 { font-size: .9rem; margin: .9rem 0 .45rem; color: var(--muted); font-weight: 600; overflow-wrap: anywhere; }
        p { margin: .3rem 0; }
        .muted { color: var(--muted); }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .88em; overflow-wrap: anywhere; }
        .inputs { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 260px), 1fr)); gap: 12px; align-items: start; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 160px), 1fr)); gap: 12px; }
        figure { margin: 0; min-width: 0; padding: 8px; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
        figure img { display: block; width: 100%; height: auto; border-radius: 4px; }
        figcaption { margin-top: 6px; font-size: .85rem; overflow-wrap: break-word; }
        .inputs figure img { width: auto; max-width: 100%; }
        .head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 8px; }
        .time { color: var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: .4rem 0; }
        dt { color: var(--muted); }
        dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
        dl.metrics { grid-template-columns: minmax(0, 1fr) max-content; gap: 0 8px; margin: 4px 0 0; font-size: .8rem; }
        dl.metrics dt { overflow-wrap: anywhere; }
        dl.metrics dd { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: .9rem; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { overflow-wrap: normal; word-break: normal; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        th.num { text-align: right; }
        table.stack td code { overflow-wrap: break-word; }
        @media (max-width: 700px) {
          table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: 100%; }
          table.stack tr.labels { display: none; }
          table.stack tr { padding: 6px 0; border-bottom: 1px solid var(--line); }
          table.stack td { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, auto); gap: 12px; border: 0; padding: 1px 0; text-align: right; white-space: normal; }
          table.stack td code { overflow-wrap: anywhere; }
          table.stack td::before { content: attr(data-label); color: var(--muted); text-align: left; overflow-wrap: anywhere; }
        }
        td.bar { width: 35%; min-width: 60px; }
        td.bar span { display: block; height: .7rem; margin-top: .3rem; background: var(--accent); border-radius: 3px; }
        pre { overflow-x: auto; margin: .5rem 0; padding: 8px; font-size: .78rem; line-height: 1.35; background: var(--card); border: 1px solid var(--line); border-radius: 6px; }
        summary { cursor: pointer; }
        footer { margin: 2rem auto 1.5rem; font-size: .8rem; color: var(--muted); }
        """;
}
