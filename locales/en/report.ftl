# Submitting a report

report-choose-form = Which report are you submitting?
report-no-forms = No report forms are assigned to your unit. Please contact the administrator.
report-choose-period = { $form }: for which period? Below is the report due now.
report-choose-earlier = { $form }: earlier periods still open for reporting.
report-period-button = { $period } · due { $deadline }
report-period-earlier = Earlier period…
report-no-open-periods = No period is open for reporting now: all are locked.
report-already = The report "{ $form }" for { $period } has been submitted: version { $version } of { $at }. Correct it?
report-correct = ✏️ Correct
report-leave = Leave as it is
report-left-as-is = Fine, the report stays as it is.
report-form-not-yours = Your unit does not report this form.
report-period-not-open = This period is not open for reporting now.

report-draft-open = You have an unfinished report: { $form }, { $period }, question { $index } of { $total }.
report-draft-continue = ▶ Continue
report-draft-restart = ↺ Start over
report-draft-other = Another report

report-question-progress = Question { $index } of { $total }
report-how-count = A whole number from { $min } to { $max }.
report-how-money = An amount in tenge, up to { $max }. You may write "17.9 bn" or "250 mln".
report-how-decimal = A number from { $min } to { $max }, with up to { $decimals } decimals.
report-how-percentage = A percentage from { $min } to { $max }.
report-how-text = A short text, up to { $max } characters.
report-how-choice = Choose an option with a button.
report-question-previous = Last period: { $value }
report-question-current = Now in the report: { $value }
report-question-optional = Optional: you may skip it.
report-keep = ✔ Keep as it is
report-back = ◀ Back
report-skip = Skip ▶
report-cancel = ✖ Cancel

report-readback = I understood: { $value }. Is that right?
report-readback-yes = ✔ Yes, right
report-readback-retype = ✏️ Type again

report-error-empty = The answer is empty. Please type a value.
report-error-too_long = The answer is too long: at most { $max } characters.
report-error-not_a_number = "{ $input }" is not a number. Type a number such as 1,250, 17.9 or 250 mln.
report-error-negative = The value cannot be negative.
report-error-fraction = A whole number is needed here, without a fraction.
report-error-too_precise = Too many decimals: at most { $decimals }.
report-error-below_min = The value is below the limit: at least { $min }.
report-error-above_max = The value is above the limit: at most { $max }. If it is not a typo, tell the administrator.
report-error-unknown_choice = There is no such option. Choose one with a button.
report-error-rule =
    ⚠️ { $message }
    { $values }
    Please type the value again.
report-error-not-text = Please answer with text: a number or words. Pictures, stickers and files do not fit here.
report-use-buttons = Please choose with a button under the message.
report-stale-button = That button belongs to another step. Let us continue where you are now.

report-finding-rule = ⚠️ { $message }
report-finding-rule-fix = Please correct one of the values.
report-finding-rule-check = Please check the values; keep them if they are right.
report-finding-outlier-high = ⚠️ { $label }: { $value } is far above your unit's usual (earlier average: { $mean }). Is it right?
report-finding-outlier-low = ⚠️ { $label }: { $value } is far below your unit's usual (earlier average: { $mean }). Is it right?
report-finding-decrease = ⚠️ { $label } went down: it was { $previous }, now { $value }. Please write the reason in one message (e.g. "budget revision"), or change the value.
report-finding-accept = ✔ Yes, right
report-finding-comment = 💬 Add a comment
report-change-figure = ✏️ Change: { $label }
report-comment-ask = Please write your comment in one message.

report-card-intro = Please check the values and submit the report.
report-card-correction = Correcting the report (version { $version } is in force). Changes are shown as old → new.
report-card-context = last month: { $previous }; year so far: { $ytd }
report-card-note = 💬 { $note }
report-card-submit = ✅ Submit
report-card-change = ✏️ Change a value
report-choose-figure = Which value do you want to change?
report-back-to-card = ◀ Back to the card

report-discard-ask = Cancel filling in? The answers given will be deleted.
report-discard-yes = Yes, delete
report-discard-no = No, continue
report-discarded = Cancelled; the draft is deleted.
report-nothing-to-cancel = There is nothing to cancel now.
report-draft-gone = This draft is no longer open: a colleague of your unit submitted or cancelled it meanwhile. Send /report to see where the report stands.

report-missing-required = A required value is missing: { $label }.
report-locked = The period { $period } is locked, so the report was not sent. Your answers are kept.
report-conflict = While you were filling in, a colleague of your unit submitted this report (now version { $version }). Your answers are kept: check the card, it shows what changes.
report-receipt =
    ✅ Report accepted.
    { $form } · { $unit }
    Report for { $period }, version { $version }
    Time: { $at }
report-receipt-late = The report came after the deadline ({ $deadline }) and is marked as late.
