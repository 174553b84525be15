# The reporting calendar: deadlines, reminders, muting, reopening a locked period, history.

## Deadlines, said plainly: due, late, locked
calendar-due = Due: { $due }.
calendar-due-late-same = Due: { $due }. A report that arrives after it is marked late.
calendar-late-from = Counted as late from: { $late }.
calendar-locks = Locked from: { $lock }. After that the figures cannot be changed without the leadership's approval (/reopen).

## Reminders
calendar-reminder-ahead = 🔔 Reminder: the report "{ $form }" for { $period } ({ $unit }) has not been submitted yet. It is due in { $days ->
    [one] one day
   *[other] { $days } days
    }.
calendar-reminder-today = 🔔 Today is the deadline: the report "{ $form }" for { $period } ({ $unit }) has not been submitted yet. It is due today at { $time }.
calendar-reminder-overdue = ⏰ The report "{ $form }" for { $period } ({ $unit }) is overdue. It is still accepted, marked as late, until it locks.
calendar-reminder-asked = { $name } asked to remind you.
calendar-button-report = 📝 Submit the report
calendar-button-mute = 🔕 Nothing to report this month

## Muting reminders
calendar-mute-ask = Why will there be no report "{ $form }" for { $period }? For example: "no programme activity this month". Write it in one message: the leadership will see your reason.
calendar-mute-done = 🔕 Reminders for "{ $form }", { $period } are off. Your reason, "{ $reason }", is visible to the leadership.
calendar-mute-reported = The report "{ $form }" for { $period } has already been received: there are no reminders to mute.
calendar-unmute = 🔔 Turn reminders back on
calendar-unmute-done = 🔔 Reminders for "{ $form }", { $period } are on again.
calendar-unmute-none = Reminders for "{ $form }", { $period } were not muted.

## A reason typed in one message
calendar-reason-cancel = ✖ Never mind
calendar-reason-cancelled = All right, nothing has been sent.
calendar-reason-too-short = Please write the reason in a few words (at least { $min } characters).
calendar-reason-too-long = The reason is too long: { $max } characters at most, please.
calendar-draft-kept = Your unfinished report is kept: /report continues it.
calendar-not-yours = This action is not available to you.

## Reopening a locked period
calendar-reopen-district-only = Reopening is asked for by the district or city that reports; you decide on such requests when they arrive.
calendar-reopen-choose-form = Which report do you need to change?
calendar-reopen-choose-period = "{ $form }": which locked period? Entry for these periods has closed; a change needs the leadership's approval.
calendar-reopen-none-locked = "{ $form }" has no locked periods in the last months. Open periods can be corrected with /report.
calendar-reopen-not-locked = "{ $form }" for { $period } is not locked: correct it with /report.
calendar-reopen-ask = Why do you need to change "{ $form }" for { $period }? Write the reason in one message: the leadership will see it with your request.
calendar-reopen-sent = 📨 Your request to reopen "{ $form }" for { $period } has been sent to the leadership ({ $count ->
    [one] one person
   *[other] { $count } people
    }). I will tell you their decision.
calendar-reopen-nobody = Your request to reopen "{ $form }" for { $period } is saved, but there is nobody in the leadership to send it to. Please tell the administrator.
calendar-reopen-pending = A request to reopen "{ $form }" for { $period } is already waiting for a decision (sent { $at }).
calendar-reopen-already-open = "{ $form }" for { $period } is already reopened for your unit until { $until }: correct it with /report.
calendar-reopen-request =
    🔓 Request to reopen a locked report
    { $unit } · "{ $form }" · { $period }
    From: { $name }
    Reason: { $reason }
    In force now: { $current }
calendar-reopen-current = version { $version } of { $at }
calendar-reopen-current-none = no report
calendar-approve = ✅ Approve for { $hours } h
calendar-reject = ✖ Reject
calendar-reopen-approved-note = ✅ Approved by { $name }: open for corrections until { $until }.
calendar-reopen-rejected-note = ✖ Rejected by { $name }.
calendar-reopen-stale = This request is no longer waiting for a decision.
calendar-reopen-approved = ✅ The leadership approved your request: "{ $form }" for { $period } is open for corrections until { $until }. Use /report.
calendar-reopen-rejected = ✖ The leadership rejected your request to reopen "{ $form }" for { $period }.

## /deadlines
calendar-deadlines-title = 📅 Deadlines
calendar-deadlines-form = "{ $form }" · { $period }
calendar-deadlines-reported = ✅ Your report: version { $version } of { $at }.
calendar-deadlines-missing = ⏳ Your report has not been received yet.
calendar-deadlines-muted = 🔕 Reminders muted: "{ $reason }".
calendar-deadlines-region = Reported: { $reported } of { $expected }.
calendar-deadlines-mute = 🔕 Nothing to report: { $form }

## The leadership's digest after the deadline
calendar-digest-title = 📮 After the deadline: "{ $form }" · { $period }
calendar-digest-deadline = The deadline was { $due }.
calendar-digest-reported = Reported: { $reported } of { $expected } ({ $share }); of them late: { $late }.
calendar-digest-missing = Not reported ({ $count }): { $names }.
calendar-digest-more = and { $count } more
calendar-digest-all-in = Every unit has reported.
calendar-digest-muted = Not reporting, with a reason:
calendar-digest-muted-line = • { $unit }: "{ $reason }"
calendar-digest-totals = Totals so far ({ $count ->
    [one] one unit
   *[other] { $count } units
    }):
calendar-digest-no-totals = No figures yet.

## The morning brief
calendar-brief-title = ☀️ Morning brief, { $date }
calendar-brief-line = "{ $form }" · { $period }: { $reported } of { $expected } reported; { $when }.
calendar-brief-when-ahead = due { $due }
calendar-brief-when-today = due today at { $time }
calendar-brief-when-overdue = overdue since { $due }
calendar-brief-when-locked = locked

## A correction after the lock, shown to the leadership
calendar-correction-title = ✏️ Correction after the lock: { $unit } · "{ $form }" · { $period }
calendar-correction-version = Version { $version } of { $at }, by { $name }.
calendar-correction-reopened = Reopened with the approval of { $name }; the reason given: "{ $reason }".
calendar-correction-reason = Comment: { $reason }
calendar-correction-no-change = No values changed.

## "Remind the missing"
calendar-remind-sent = 🔔 Reminded { $count ->
    [one] one unit
   *[other] { $count } units
    }: { $names }.
calendar-remind-none = Nobody was reminded now.
calendar-remind-recently = Already reminded recently: { $names }.
calendar-remind-muted = Not reporting, with a reason: { $names }.
calendar-remind-unreachable = Nobody to write to in: { $names }.

## People
calendar-person = { $name }
calendar-person-id = a user whose name is not known
calendar-person-bot = the bot

## /history
calendar-history-choose-unit = Whose report history?
calendar-history-choose-form = { $unit }: which report?
calendar-history-choose-period = { $unit } · "{ $form }": which period?
calendar-history-no-reports = { $unit } has no "{ $form }" reports in the last { $count } periods.
calendar-history-unknown-unit = I could not find the unit "{ $text }". Choose it below.
calendar-history-not-yours = You can only see your own unit's history.
calendar-history-period-button = { $period } · version { $version }
calendar-history-title = 🕘 History: { $unit } · "{ $form }" · { $period }
calendar-history-status-open = Open for reports and corrections until { $lock }.
calendar-history-status-locked = Locked since { $lock }.
calendar-history-status-reopened = Locked; reopened for this unit until { $until }.
calendar-history-none = No report has been submitted for this period.
calendar-history-version = 📄 Version { $version } · { $at } · { $name }
calendar-history-late = ⏰ late
calendar-history-reason = Reason: { $reason }
calendar-history-no-change = No values changed.
calendar-history-step-reminder = 🔔 { $at } · reminder sent ({ $count ->
    [one] one person
   *[other] { $count } people
    })
calendar-history-step-reminder-late = 🔔 { $at } · reminder sent late: the bot was not running at its time
calendar-history-step-remind = 🔔 { $at } · { $name } asked to remind the unit
calendar-history-step-mute = 🔕 { $at } · { $name } muted the reminders: "{ $reason }"
calendar-history-step-unmute = 🔔 { $at } · { $name } turned the reminders back on
calendar-history-step-reopen-request = 🔓 { $at } · { $name } asked to reopen: "{ $reason }"
calendar-history-step-reopen-approved = ✅ { $at } · { $name } approved the reopening until { $until }
calendar-history-step-reopen-rejected = ✖ { $at } · { $name } rejected the reopening
calendar-history-step-correction-shown = 📨 { $at } · version { $version }, changed after the lock, was sent to the leadership

## A correction and the deadline (judged by the first version)
calendar-receipt-correction-on-time = A correction does not change when the report was submitted: it stays on time.
calendar-receipt-correction-late = A correction does not change when the report was submitted: it stays marked late.
calendar-history-corrected-reopened = Corrected after the period was reopened (approved by { $name }).
calendar-history-corrected-locked = Corrected after the period locked.
calendar-summary-on-time-range = Every month on time: { $onTime } of { $expected } ({ $rate }); late at least once (⏰): { $late }

## Deadlines already passed
calendar-due-past = It was due { $due }.
calendar-due-late-same-past = It was due { $due }. A report that arrives after it is marked late.
calendar-locked-past = The period locked on { $lock }. The figures can now be changed only with the leadership's approval (/reopen).
calendar-remind-locked = This period has already locked: no reminder was sent. A missing report can be accepted only if the district asks to reopen the period (/reopen) and you approve.

## The units' notes, for the leadership
calendar-notes-marker = 📝 Notes from districts and cities: { $count } (the "Notes" button).
calendar-notes-button = 📝 Notes ({ $count })
calendar-notes-title = 📝 Notes from districts and cities · { $form } · { $period }
calendar-notes-none = No notes for this period.
calendar-notes-line = • { $period } · { $kind }: "{ $text }"
calendar-notes-kind-explanation = explanation with the report (version { $version })
calendar-notes-kind-nothing = nothing to report
calendar-notes-kind-correction = reason for a correction after the lock
calendar-notes-unit-title = 📝 Notes · { $form }
calendar-notes-sheet = Notes
calendar-notes-sheet-unit = District (city)
calendar-notes-sheet-period = Period
calendar-notes-sheet-kind = What it is
calendar-notes-sheet-text = Text
calendar-notes-sheet-at = Written
calendar-digest-notes = Notes with the reports:
calendar-brief-notes = 📝 Notes ({ $count }):
calendar-brief-notes-more = and { $count } more: see the summary, "Notes" button
calendar-mute-done-nobody = 🔕 Reminders for "{ $form }" for { $period } are off. Your reason, "{ $reason }", is kept and will be shown to the leadership in its summaries once they use the bot.
calendar-reminder-grace = ⏰ The report "{ $form }" for { $period } ({ $unit }) is past its due time. Until { $late } it is still accepted without being marked late.
