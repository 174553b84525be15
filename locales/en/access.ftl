# English. Access: roles, invitations (/invite, /start <code>) and users (/users).

## Roles and shared buttons
access-role-district = Unit representative
access-role-region = Region leadership
access-role-admin = Administrator
access-all-forms = all forms
access-cancel = Cancel
access-done = ✅ Done

## /invite
invite-choose-role = Whom are you inviting? Choose their role:
invite-choose-unit = Which district or city will they report for?
invite-choose-forms = Which forms may they see? Tick them and press Done; with nothing ticked they see all forms.
invite-cancelled = Invitation cancelled: nothing was created.
invite-created =
    Invitation created: { $grant }.
    Send this link to the person. It works once, until { $until }:
    { $link }

    Or they can send the bot: /start { $code }
    I will not show this code again.
invite-revoke-button = 🚫 Revoke this invitation
invite-revoked = The invitation was revoked: its link no longer works.
invite-not-open = This invitation has already been used or revoked.

## /start <code>
redeem-welcome = Your invitation is accepted: welcome!
redeem-unknown = This invitation code is not valid. Check the link or ask the administrator for a new one.
redeem-used = This invitation has already been used: each link works once. Ask the administrator for a new one.
redeem-expired = This invitation has expired. Ask the administrator for a new one.
redeem-revoked = This invitation was revoked by the administrator.
redeem-throttled = Too many wrong codes. Please try again in { $minutes } min.

## /users
users-title = Users: { $count }
users-group-region = Region leadership and administrators
users-group-revoked = Access revoked
users-unstaffed = Nobody yet: { $units }
users-pick = Press a name to manage that person.
users-language = Language
users-language-none = not chosen
users-activity = Last active
users-never-seen = not yet
users-status-revoked = access revoked
users-revoke = 🚫 Revoke access
users-revoke-confirm = Revoke the access of { $name }? It ends at once, even in the middle of a form; the unit's draft is kept for whoever reports next.
users-revoke-yes = Yes, revoke
users-revoked = Access of { $name } revoked.
users-change = ✏️ Change role or unit
users-reissue = ✉️ New invitation
users-back = ◀ Back to the list
users-choose-role = New role for { $name }:
users-choose-unit = Which district or city will { $name } report for?
users-choose-forms = Which forms may { $name } see? With nothing ticked, all forms.
users-changed = Saved: { $name } — { $grant }.
users-self = You cannot change your own access. Ask another administrator.
users-bootstrap-admin = This administrator is set in the ADMIN_IDS setting: change it there.

## A person who has not written to the bot yet (no name from Telegram); their Telegram id is not shown
users-unnamed = the person with no name
users-unnamed-note = has not written to the bot yet, so no name

## An invite that changes a role
redeem-change-ask =
    This invite would change your role:
    now: { $old }
    after: { $new }
    The invite was created by { $by }.
    Change your role?
redeem-change-yes = ✅ Yes, change my role
redeem-change-no = ✖ No, keep it as it is
redeem-change-kept = All right, your role has not changed: { $old }.
redeem-change-stale = This question is no longer current. To change your role, open the invite link again.
redeem-change-by-admin = an administrator
users-changed-notice = ℹ️ { $by } changed your access to the bot.
    Before: { $old }
    Now: { $new }
    /start shows what you can do now.
