# A report in an Excel file: the template and the filled file

excel-button = 📎 Fill in Excel
excel-button-period = 📎 Excel: { $period }
excel-template-caption = Template of the report "{ $form }": { $unit }, { $period }. Fill in the yellow cells of column C and send the file back to this chat. I will check the values and show the card before anything is submitted.

excel-sheet-name = Report
excel-creator = Akimat reporting bot
excel-instructions-fill = Fill in only the yellow cells of column { $column } "Value". An empty cell means no data (for optional figures).
excel-instructions-numbers = Write numbers as in the chat: 91,337, 17.9 billion, 250 million. Formulas are not accepted: type the value itself.
excel-instructions-layout = Do not add or delete rows or columns and do not rename the sheets, or the file will not be accepted.
excel-col-figure = Figure
excel-col-value = Value
excel-col-previous = Last period: { $period }
excel-col-year = Year so far: { $period }
excel-col-year-none = Year so far
excel-col-unit = Unit
excel-col-limits = Allowed values
excel-col-hint = Note
excel-limit-text = text, at most { $max } characters
excel-limit-min = at least { $min }
excel-limit-range = from { $min } to { $max }
excel-optional = may be left empty
excel-prompt-title = Allowed values
excel-error-title = Check the value

excel-file-not-xlsx = This is not an Excel file (.xlsx). Send the template I sent through "📎 Fill in Excel" in /report.
excel-file-encrypted = The file is password-protected or saved in the old .xls format, so I cannot read it. Remove the password, save it as an Excel workbook (.xlsx) and send it again.
excel-file-corrupt = The file is damaged and cannot be read. Save it again in Excel (.xlsx) and send it once more, or ask for a new template in /report.
excel-file-too-large = The file is too large: a filled template takes a few kilobytes, and I accept at most { $limit } MB. Send the template itself, without extra sheets or attachments.
excel-file-not-template = This is not a report template. Take the template through "📎 Fill in Excel" in /report, fill it in and send it.
excel-file-tampered = The template's hidden record was changed, so I cannot tell which report the file is for. Ask for a new template in /report.
excel-file-layout = The template's layout was changed: rows or columns were added, deleted or moved. Ask for a new template in /report and fill in column C only.
excel-file-outdated = This template is out of date: the report form has changed since. Ask for a new template in /report.
excel-file-other-unit = This template is not for your unit: { $unit }, "{ $form }", { $period }. Ask for your own template in /report.
excel-file-period-closed = This template is for { $period } ("{ $form }"), and that period is closed for reporting now. Ask for a template of an open period in /report.

excel-problems = File "{ $form }" ({ $unit }, { $period }): { $count ->
    [one] { $count } cell cannot
   *[other] { $count } cells cannot
    } be taken as it stands. Nothing was saved.
excel-problems-after = Correct these cells and send the file again.
excel-read = File read: "{ $form }", { $unit }, { $period }. Values filled in: { $count }. Nothing is submitted yet: check the card.
excel-cell-read-as = "{ $input }" read as { $value }
excel-cell-empty = empty
excel-cell-required = empty, and the figure is required
excel-cell-too_long = too long: at most { $max } characters
excel-cell-not_a_number = "{ $input }" is not a number
excel-cell-negative = a negative value
excel-cell-fraction = a whole number is needed
excel-cell-too_precise = too many decimal places: at most { $decimals }
excel-cell-below_min = less than { $min }
excel-cell-above_max = more than { $max }
excel-cell-unknown_choice = "{ $input }" is not one of the options
excel-cell-formula = a formula ({ $input }) instead of a value: type the number itself
excel-cell-not_a_value = neither a number nor text (a date, an error or a checkbox)
excel-cell-scale = "{ $input }" is many times away from the last period: write the scale as a word, e.g. "{ $input } million" or "{ $input } thousand"
