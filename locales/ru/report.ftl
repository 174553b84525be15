# Сдача отчёта

report-choose-form = Какой отчёт вы сдаёте?
report-no-forms = Для вашего района (города) не назначено ни одной формы отчётности. Обратитесь к администратору.
report-choose-period = { $form }: за какой период? Ниже — отчёт, который ждём сейчас.
report-choose-earlier = { $form }: более ранние периоды, ещё открытые для отчёта.
report-period-button = { $period } · срок { $deadline }
report-period-earlier = Более ранний период…
report-no-open-periods = Сейчас нет периодов, открытых для отчёта: все закрыты для изменений.
report-already = Отчёт «{ $form }» за { $period } уже сдан: версия { $version } от { $at }. Исправить его?
report-correct = ✏️ Исправить
report-leave = Оставить как есть
report-left-as-is = Хорошо, отчёт остаётся без изменений.
report-form-not-yours = Эту форму ваш район (город) не сдаёт.
report-period-not-open = Этот период сейчас не открыт для отчёта.

report-draft-open = У вас есть незаконченный отчёт: { $form }, { $period }, вопрос { $index } из { $total }.
report-draft-continue = ▶ Продолжить
report-draft-restart = ↺ Начать заново
report-draft-other = Другой отчёт

report-question-progress = Вопрос { $index } из { $total }
report-how-count = Целое число от { $min } до { $max }.
report-how-money = Сумма в тенге, до { $max }. Можно писать «17,9 млрд» или «250 млн».
report-how-decimal = Число от { $min } до { $max }, до { $decimals } знаков после запятой.
report-how-percentage = Процент от { $min } до { $max }.
report-how-text = Короткий текст, до { $max } символов.
report-how-choice = Выберите вариант кнопкой.
report-question-previous = В прошлом периоде: { $value }
report-question-current = Сейчас в отчёте: { $value }
report-question-optional = Необязательный вопрос: можно пропустить.
report-keep = ✔ Оставить как есть
report-back = ◀ Назад
report-skip = Пропустить ▶
report-cancel = ✖ Отмена

report-readback = Я понял так: { $value }. Верно?
report-readback-yes = ✔ Да, верно
report-readback-retype = ✏️ Ввести заново

report-error-empty = Пустой ответ. Напишите значение.
report-error-too_long = Слишком длинный ответ: не больше { $max } символов.
report-error-not_a_number = «{ $input }» — не число. Напишите число, например 1 250, 17,9 или 250 млн.
report-error-negative = Значение не может быть отрицательным.
report-error-fraction = Здесь нужно целое число, без дробной части.
report-error-too_precise = Слишком много знаков после запятой: не больше { $decimals }.
report-error-below_min = Значение меньше допустимого: не меньше { $min }.
report-error-above_max = Значение больше допустимого: не больше { $max }. Если это не опечатка, сообщите администратору.
report-error-unknown_choice = Такого варианта нет. Выберите вариант кнопкой.
report-error-rule =
    ⚠️ { $message }
    { $values }
    Введите значение ещё раз.
report-error-not-text = Ответ нужен текстом: число или слова. Картинки, стикеры и файлы сюда не подходят.
report-use-buttons = Выберите действие кнопкой под сообщением.
report-stale-button = Эта кнопка относится к другому шагу. Продолжаем с того места, где вы сейчас.

report-finding-rule = ⚠️ { $message }
report-finding-rule-fix = Исправьте одно из значений.
report-finding-rule-check = Проверьте значения: если они верны, оставьте их.
report-finding-outlier-high = ⚠️ { $label }: { $value } — намного больше обычного для вашего района (города); в среднем раньше: { $mean }. Значение верное?
report-finding-outlier-low = ⚠️ { $label }: { $value } — намного меньше обычного для вашего района (города); в среднем раньше: { $mean }. Значение верное?
report-finding-decrease = ⚠️ { $label } уменьшилось: было { $previous }, стало { $value }. Напишите одним сообщением причину (например, «корректировка бюджета»), или измените значение.
report-finding-accept = ✔ Да, верно
report-finding-comment = 💬 Добавить комментарий
report-change-figure = ✏️ Изменить: { $label }
report-comment-ask = Напишите комментарий одним сообщением.

report-card-intro = Проверьте значения и отправьте отчёт.
report-card-correction = Исправление отчёта (сейчас действует версия { $version }). Изменения показаны так: было → стало.
report-card-context = прошлый месяц: { $previous }; с начала года: { $ytd }
report-card-note = 💬 { $note }
report-card-submit = ✅ Отправить
report-card-change = ✏️ Изменить значение
report-choose-figure = Какое значение изменить?
report-back-to-card = ◀ К карточке

report-discard-ask = Отменить заполнение? Введённые ответы будут удалены.
report-discard-yes = Да, удалить
report-discard-no = Нет, продолжить
report-discarded = Заполнение отменено, черновик удалён.
report-nothing-to-cancel = Сейчас нечего отменять.
report-draft-gone = Этот черновик уже закрыт: коллега из вашего района (города) за это время отправил или отменил его. Отправьте /report, чтобы увидеть, где сейчас отчёт.

report-missing-required = Не заполнено обязательное значение: { $label }.
report-locked = Период { $period } закрыт для изменений, отчёт не отправлен. Ответы сохранены.
report-conflict = Пока вы заполняли, отчёт отправил другой сотрудник вашего района (города); теперь действует версия { $version }. Ваши ответы сохранены: проверьте карточку — в ней видно, что меняется.
report-receipt =
    ✅ Отчёт принят.
    { $form } · { $unit }
    Отчёт за { $period }, версия { $version }
    Время: { $at }
report-receipt-late = Отчёт сдан после срока ({ $deadline }) и отмечен как поздний.
