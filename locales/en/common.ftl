# English. Every word a user reads.

## Commands (descriptions in Telegram's menu)
cmd-start = Start and main menu
cmd-report = Submit or correct a report
cmd-cancel = Cancel what you are doing
cmd-history = Report history
cmd-reopen = Ask to reopen a locked period
cmd-deadlines = Deadlines and locking dates
cmd-totals = Region totals
cmd-summary = Summary by form and period
cmd-users = Users (administrator)
cmd-invite = Invite a user (administrator)
cmd-language = Language: қазақша, русский, English
cmd-help = What the bot can do

## Access
unknown-user =
    This bot serves the officials of the Almaty Region akimat for submitting and viewing reports.
    To get access, contact the bot's administrator at the Akim's Office: they will send you an invitation link.

## Greeting and menu
greeting-district = Hello, { $name }! You represent: { $unit }. Here you submit and correct your unit's monthly reports.
greeting-region = Hello, { $name }! You can see the totals and summaries of the whole region.
greeting-admin = Hello, { $name }! You are an administrator: you invite users and manage access; the region's totals are open to you too.
menu-prompt = What would you like to do?
menu-report = 📝 Submit a report
menu-history = 🕘 History
menu-totals = 📊 Totals
menu-summary = 📋 Summary
menu-users = 👥 Users
menu-invite = ✉️ Invite
menu-language = 🌐 Language
menu-help = ❓ Help

## Help
help-district =
    How to report:
    /report — choose the form and period, then answer the questions one by one. Type numbers as you are used to: 91,337, 17.9 bn, 250 mln.
    Every question has Back, Skip and Cancel buttons. You can stop and come back later: your answers are kept.
    Before sending you will see a card with all values.
    /history — your reports and their versions.
    /deadlines — deadlines; /reopen — ask to reopen a locked month.
    /language — the bot's language.
help-region =
    /totals — the region's key figures for the month and the year so far.
    /summary — a summary by form and period, a table per unit, a chart and an Excel file.
    You can simply type a question: "Talgar employment October".
    /language — the bot's language.
help-admin =
    { help-region }
    /invite — invite a user (the link is valid for { $days } days).
    /users — users, their roles and last activity.

## Language
language-choose = Choose a language:
language-set = Done: I now speak English.

## Other
fallback = I did not understand that. Open the menu with /start or see /help.
error-generic = Something went wrong and your action was not completed. Please try again in a minute; the answers you gave are kept.
error-storage-unavailable = ⚠️ I cannot save anything right now: the bot's storage is not answering. Your last message could not be processed; the answers you gave before it are kept. Please try again in a minute.
button-expired = This button is out of date. Open the menu: /start
not-allowed = This action is not available to you.
