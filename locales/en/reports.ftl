# Totals, summaries, charts, spreadsheets and questions for the leadership (src/reports; totals, summary, inline, questions).

## Completeness and comparisons
reports-complete = all { $expected } units reported
reports-incomplete = { $reported } of { $expected } units reported; missing: { $missing }
reports-names-more = { $names } and { $count } more
reports-no-data = No data yet: no reports for this period.
reports-no-last-year = ℹ️ No reports for { $year }: no comparison with the previous year.
reports-vs-previous-month = { $change } on the previous month
reports-vs-previous-quarter = { $change } on the previous quarter
reports-vs-last-year = { $change } on the same period of { $year }
reports-no-forms = There are no forms available to you.
reports-no-report = no report
reports-months-reported = ({ $count } of { $of } months reported)

## /totals
reports-totals-title =
    📊 <b>Totals: { $region }</b>
    as of { $date }
reports-totals-month = 🗓 { $period }: { $completeness }
reports-button-summary = 📋 Summary: { $form }

## /summary
reports-summary-completeness = Reports for { $month }: { $completeness }
reports-summary-on-time = On time: { $onTime } of { $expected } ({ $rate }); late: { $late }
reports-summary-region-total = Region total
reports-table-title = By district and city: { $from }–{ $to } of { $total } (alphabetical)
reports-table-columns = Columns: { $columns }
reports-table-key = ⛔ no report for the last month · ⏰ late · ✏️ corrected
reports-choose-form = 📋 Summary: choose a form
reports-choose-period =
    📋 <b>{ $form }</b>
    Choose a period:
reports-earlier-title =
    📋 <b>{ $form }</b>
    Periods of { $year }:
reports-quarter-short = Q{ $number }
reports-button-earlier = 🗓 Earlier…
reports-button-back = ⬅️ Back
reports-button-remind = 🔔 Remind the missing
reports-button-chart = 📈 Chart
reports-button-spreadsheet = 📊 Spreadsheet
reports-button-per-unit = 🏙 Per unit
reports-button-other-period = 🗓 Other period
reports-button-other-form = 📋 Other form
reports-period-invalid = This period is not available: it has not ended yet.
reports-choose-figure = Which figure should the chart show?
reports-choose-unit =
    🏙 <b>{ $form }</b>
    Choose a district or city ({ $from }–{ $to } of { $total }):
reports-history-title = 🏙 <b>{ $unit }</b>: { $from } to { $to }

## Charts
reports-chart-reported = reports for { $month }: { $reported } of { $expected }
reports-chart-top = Showing { $shown } of { $total }; without a report: { $missing }.
reports-chart-line-subtitle = { $region }, monthly totals: { $from } to { $to }
reports-chart-bars-caption = 📈 { $figure }: by district and city, { $period }
reports-chart-line-caption = 📈 { $figure }: region total over 12 months

## Spreadsheet and CSV
reports-sheet-name = Summary
reports-sheet-unit = District / city
reports-sheet-months = Months reported
reports-sheet-status = Status
reports-sheet-total = Region total
reports-sheet-total-status = { $reported } of { $expected } reported
reports-sheet-about = About
reports-sheet-form = Form
reports-sheet-period = Period
reports-sheet-completeness = Completeness
reports-sheet-completeness-value = for { $month }: { $reported } of { $expected } reported
reports-sheet-missing = Missing
reports-sheet-generated = Generated
reports-sheet-note = Note
reports-sheet-note-value = An empty cell means no report (not zero). Monthly figures add up; allotments and cumulative sums are taken from the latest report. Shares are recomputed from their parts, and only where every part was given: a unit that left one out has no share and is not counted in the region's share.
reports-status-reported = reported
reports-status-missing = missing
reports-status-late = late
reports-status-corrected = corrected

## Questions and inline mode
reports-question-unclear = I could not understand the question. Write a district or city, a figure and/or a period, for example: “Talgar employment October”, “e-gov Q3”, “people employed since the start of the year”.
reports-question-unplaced = Not understood: { $words }.
reports-question-future = { $period } has not ended yet: there are no data for it.
reports-question-not-visible = These figures are not available to you.
reports-question-not-assigned = This unit does not report this form.
reports-question-guess = Did you mean:
reports-inline-answer = Answer to the question
reports-inline-heading = 📊 Totals as of { $date }
reports-status-missing-month = no report for { $month }
reports-chart-missing-mark = * no report for { $month }.

## What each figure stands on: how many gave it, shares over complete data, the same units compared
reports-figure-coverage = given by { $given } of { $reported }
reports-share-coverage = (over the { $units } of { $reported } that gave every part)
reports-compare-same-units-month = ℹ️ Change on the previous month: the same units only, those that reported both months ({ $common } of { $expected }).
reports-compare-same-units-quarter = ℹ️ Change on the previous quarter: the same units only, those that reported every month of both quarters ({ $common } of { $expected }).
reports-compare-same-units-year = ℹ️ Change on { $year }: the same units only, those that reported every month of both periods ({ $common } of { $expected }).
reports-compare-none-month = ℹ️ No change on the previous month: no unit reported both months.
reports-compare-none-quarter = ℹ️ No change on the previous quarter: no unit reported every month of both quarters.
reports-compare-none-year = ℹ️ No change on { $year }: no unit reported every month of both periods.
reports-compare-incomplete-month = ℹ️ The change on the previous month is shown once every unit has reported.
reports-compare-incomplete-quarter = ℹ️ The change on the previous quarter is shown once every unit has reported.
reports-compare-incomplete-year = ℹ️ The change on { $year } is shown once every unit has reported.
reports-sheet-gave = Given by (units)
reports-sheet-gave-value = { $given } of { $reported }
reports-chart-not-given = not given
reports-chart-incomplete = ○ not every unit has reported yet: { $months }.
reports-chart-incomplete-month = { $month } ({ $reported } of { $expected })
