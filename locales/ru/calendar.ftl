# Календарь отчётности: сроки, напоминания, отключение напоминаний, открытие закрытого периода, история.

## Сроки простыми словами: срок сдачи, опоздание, закрытие
calendar-due = Срок сдачи: { $due }.
calendar-due-late-same = Срок сдачи: { $due }. Отчёт, поступивший позже, отмечается как сданный с опозданием.
calendar-late-from = С опозданием считается с: { $late }.
calendar-locks = Закрывается: { $lock }. После этого изменить цифры можно только с согласия руководства (/reopen).

## Напоминания
calendar-reminder-ahead = 🔔 Напоминание: отчёт «{ $form }» за { $period } ({ $unit }) ещё не сдан. Срок — через { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
    }.
calendar-reminder-today = 🔔 Сегодня последний день: отчёт «{ $form }» за { $period } ({ $unit }) ещё не сдан. Срок — сегодня в { $time }.
calendar-reminder-overdue = ⏰ Отчёт «{ $form }» за { $period } ({ $unit }) просрочен. Его ещё примут с отметкой об опоздании, пока период не закрыт.
calendar-reminder-asked = Напомнить вам попросил(а) { $name }.
calendar-button-report = 📝 Сдать отчёт
calendar-button-mute = 🔕 В этом месяце сдавать нечего

## Отключение напоминаний
calendar-mute-ask = Почему отчёта «{ $form }» за { $period } не будет? Например: «в этом месяце мероприятий по программе не было». Напишите одним сообщением: руководство увидит вашу причину.
calendar-mute-done = 🔕 Напоминания по отчёту «{ $form }» за { $period } отключены. Вашу причину — «{ $reason }» — видит руководство.
calendar-mute-reported = Отчёт «{ $form }» за { $period } уже получен: напоминаний по нему нет.
calendar-unmute = 🔔 Снова включить напоминания
calendar-unmute-done = 🔔 Напоминания по отчёту «{ $form }» за { $period } снова включены.
calendar-unmute-none = Напоминания по отчёту «{ $form }» за { $period } не были отключены.

## Причина одним сообщением
calendar-reason-cancel = ✖ Не нужно
calendar-reason-cancelled = Хорошо, ничего не отправлено.
calendar-reason-too-short = Пожалуйста, напишите причину в нескольких словах (не меньше { $min } знаков).
calendar-reason-too-long = Причина слишком длинная: не больше { $max } знаков, пожалуйста.
calendar-draft-kept = Ваш незаконченный отчёт сохранён: /report продолжит его.
calendar-not-yours = Это действие вам недоступно.

## Открытие закрытого периода
calendar-reopen-district-only = Открыть период просит район или город, который сдаёт отчёт; такие запросы придут вам на решение.
calendar-reopen-choose-form = Какой отчёт нужно изменить?
calendar-reopen-choose-period = «{ $form }»: какой закрытый период? Ввод за эти периоды закрыт; изменение требует согласия руководства.
calendar-reopen-none-locked = По форме «{ $form }» нет закрытых периодов за последние месяцы. Открытые периоды исправляются через /report.
calendar-reopen-not-locked = Отчёт «{ $form }» за { $period } не закрыт: исправьте его через /report.
calendar-reopen-ask = Зачем нужно изменить отчёт «{ $form }» за { $period }? Напишите причину одним сообщением: руководство увидит её вместе с запросом.
calendar-reopen-sent = 📨 Запрос на открытие отчёта «{ $form }» за { $period } отправлен руководству ({ $count ->
    [one] { $count } человек
    [few] { $count } человека
   *[many] { $count } человек
    }). Я сообщу вам решение.
calendar-reopen-nobody = Запрос на открытие отчёта «{ $form }» за { $period } сохранён, но в руководстве некому его отправить. Сообщите администратору.
calendar-reopen-pending = Запрос на открытие отчёта «{ $form }» за { $period } уже ждёт решения (отправлен { $at }).
calendar-reopen-already-open = Отчёт «{ $form }» за { $period } уже открыт для вас до { $until }: исправьте через /report.
calendar-reopen-request =
    🔓 Запрос на открытие закрытого отчёта
    { $unit } · «{ $form }» · { $period }
    От: { $name }
    Причина: { $reason }
    Сейчас действует: { $current }
calendar-reopen-current = версия { $version } от { $at }
calendar-reopen-current-none = отчёта нет
calendar-approve = ✅ Открыть на { $hours } ч
calendar-reject = ✖ Отклонить
calendar-reopen-approved-note = ✅ Одобрил(а) { $name }: открыт для исправлений до { $until }.
calendar-reopen-rejected-note = ✖ Отклонил(а) { $name }.
calendar-reopen-stale = Этот запрос уже не ждёт решения.
calendar-reopen-approved = ✅ Руководство одобрило ваш запрос: отчёт «{ $form }» за { $period } открыт для исправлений до { $until }. Воспользуйтесь /report.
calendar-reopen-rejected = ✖ Руководство отклонило запрос на открытие отчёта «{ $form }» за { $period }.

## /deadlines
calendar-deadlines-title = 📅 Сроки
calendar-deadlines-form = «{ $form }» · { $period }
calendar-deadlines-reported = ✅ Ваш отчёт: версия { $version } от { $at }.
calendar-deadlines-missing = ⏳ Ваш отчёт ещё не получен.
calendar-deadlines-muted = 🔕 Напоминания отключены: «{ $reason }».
calendar-deadlines-region = Сдали: { $reported } из { $expected }.
calendar-deadlines-mute = 🔕 Сдавать нечего: { $form }

## Сводка руководству после срока
calendar-digest-title = 📮 После срока: «{ $form }» · { $period }
calendar-digest-deadline = Срок сдачи был { $due }.
calendar-digest-reported = Сдали: { $reported } из { $expected } ({ $share }); из них с опозданием: { $late }.
calendar-digest-missing = Не сдали ({ $count }): { $names }.
calendar-digest-more = и ещё { $count }
calendar-digest-all-in = Сдали все.
calendar-digest-muted = Не сдают, указав причину:
calendar-digest-muted-line = • { $unit }: «{ $reason }»
calendar-digest-totals = Итоги на сейчас (по сдавшим: { $count }):
calendar-digest-no-totals = Цифр пока нет.

## Утренняя сводка
calendar-brief-title = ☀️ Утренняя сводка, { $date }
calendar-brief-line = «{ $form }» · { $period }: сдали { $reported } из { $expected }; { $when }.
calendar-brief-when-ahead = срок { $due }
calendar-brief-when-today = срок сегодня в { $time }
calendar-brief-when-overdue = просрочен с { $due }
calendar-brief-when-locked = закрыт

## Исправление после закрытия — руководству
calendar-correction-title = ✏️ Исправление после закрытия: { $unit } · «{ $form }» · { $period }
calendar-correction-version = Версия { $version } от { $at }, внёс(ла) { $name }.
calendar-correction-reopened = Открыт с согласия: { $name }; указанная причина: «{ $reason }».
calendar-correction-reason = Комментарий: { $reason }
calendar-correction-no-change = Значения не изменились.

## «Напомнить несдавшим»
calendar-remind-sent = 🔔 Напомнили ({ $count }): { $names }.
calendar-remind-none = Сейчас никому не напомнили.
calendar-remind-recently = Уже напоминали недавно: { $names }.
calendar-remind-muted = Не сдают, указав причину: { $names }.
calendar-remind-unreachable = Некому написать: { $names }.

## Люди
calendar-person = { $name }
calendar-person-id = пользователь, чьё имя неизвестно
calendar-person-bot = бот

## /history
calendar-history-choose-unit = Историю отчётов какого района или города показать?
calendar-history-choose-form = { $unit }: какой отчёт?
calendar-history-choose-period = { $unit } · «{ $form }»: за какой период?
calendar-history-no-reports = { $unit }: нет отчётов по форме «{ $form }» { $count ->
    [one] за последний { $count } период
    [few] за последние { $count } периода
   *[many] за последние { $count } периодов
    }.
calendar-history-unknown-unit = Не нашёл район или город «{ $text }». Выберите ниже.
calendar-history-not-yours = Вы можете смотреть историю только своего района (города).
calendar-history-period-button = { $period } · версия { $version }
calendar-history-title = 🕘 История: { $unit } · «{ $form }» · { $period }
calendar-history-status-open = Открыт для сдачи и исправлений до { $lock }.
calendar-history-status-locked = Закрыт с { $lock }.
calendar-history-status-reopened = Закрыт; для этого района (города) открыт до { $until }.
calendar-history-none = За этот период отчёт не сдавали.
calendar-history-version = 📄 Версия { $version } · { $at } · { $name }
calendar-history-late = ⏰ с опозданием
calendar-history-reason = Причина: { $reason }
calendar-history-no-change = Значения не изменились.
calendar-history-step-reminder = 🔔 { $at } · отправлено напоминание ({ $count ->
    [one] { $count } человек
    [few] { $count } человека
   *[many] { $count } человек
    })
calendar-history-step-reminder-late = 🔔 { $at } · напоминание отправлено с опозданием: бот не работал в его время
calendar-history-step-remind = 🔔 { $at } · { $name } попросил(а) напомнить о сдаче
calendar-history-step-mute = 🔕 { $at } · { $name } отключил(а) напоминания: «{ $reason }»
calendar-history-step-unmute = 🔔 { $at } · { $name } снова включил(а) напоминания
calendar-history-step-reopen-request = 🔓 { $at } · { $name } попросил(а) открыть период: «{ $reason }»
calendar-history-step-reopen-approved = ✅ { $at } · { $name } одобрил(а) открытие до { $until }
calendar-history-step-reopen-rejected = ✖ { $at } · { $name } отклонил(а) открытие
calendar-history-step-correction-shown = 📨 { $at } · версия { $version }, изменённая после закрытия, отправлена руководству

## Исправление и срок сдачи (срок оценивается по первой версии)
calendar-receipt-correction-on-time = Исправление не меняет срок сдачи: отчёт сдан вовремя.
calendar-receipt-correction-late = Исправление не меняет срок сдачи: отчёт остаётся отмеченным как сданный с опозданием.
calendar-history-corrected-reopened = Исправлено после открытия периода (одобрил(а) { $name }).
calendar-history-corrected-locked = Исправлено после закрытия периода.
calendar-summary-on-time-range = Все месяцы вовремя: { $onTime } из { $expected } ({ $rate }); с опозданием хотя бы раз (⏰): { $late }

## Сроки, уже прошедшие
calendar-due-past = Срок сдачи был { $due }.
calendar-due-late-same-past = Срок сдачи был { $due }. Отчёт, поступивший позже, отмечается как сданный с опозданием.
calendar-locked-past = Период закрылся { $lock }. Изменить цифры теперь можно только с согласия руководства (/reopen).
calendar-remind-locked = Этот период уже закрыт: напоминание никому не отправлено. Недостающий отчёт примут, только если район попросит открыть период (/reopen) и вы одобрите.

## Пояснения районов и городов — руководству
calendar-notes-marker = 📝 Пояснения районов и городов: { $count } (кнопка «Пояснения»).
calendar-notes-button = 📝 Пояснения ({ $count })
calendar-notes-title = 📝 Пояснения районов и городов · { $form } · { $period }
calendar-notes-none = За этот период пояснений нет.
calendar-notes-line = • { $period } · { $kind }: «{ $text }»
calendar-notes-kind-explanation = пояснение к отчёту (версия { $version })
calendar-notes-kind-nothing = сдавать нечего
calendar-notes-kind-correction = причина исправления после закрытия
calendar-notes-unit-title = 📝 Пояснения · { $form }
calendar-notes-sheet = Пояснения
calendar-notes-sheet-unit = Район (город)
calendar-notes-sheet-period = Период
calendar-notes-sheet-kind = Что это
calendar-notes-sheet-text = Текст
calendar-notes-sheet-at = Когда написано
calendar-digest-notes = Пояснения к отчётам:
calendar-brief-notes = 📝 Пояснения ({ $count }):
calendar-brief-notes-more = и ещё { $count } — в сводке, кнопка «Пояснения»
calendar-mute-done-nobody = 🔕 Напоминания по «{ $form }» за { $period } отключены. Ваша причина — «{ $reason }» — сохранена и будет видна руководству в сводках, когда у бота появятся его пользователи.
calendar-reminder-grace = ⏰ Срок сдачи отчёта «{ $form }» за { $period } ({ $unit }) прошёл. До { $late } его ещё примут без отметки об опоздании.
