// What the server says to a person, in the reader's language. The APIs send a message's
// ``code`` and ``params`` next to the English ``message`` (for API users); this one
// catalogue, used by the HR app and the candidate portal, says it in English or Chinese.
// A code missing here is shown by its status ("the request is not valid"), never as
// English on a Chinese screen (tests/unit/test_message_codes.py lists the codes the
// server uses and fails on one this catalogue lacks).

const ROLES = {
  en: { hq_admin: "HQ admin", hq_hr: "HQ HR", branch_hr: "branch HR", interviewer: "interviewer",
    hiring_manager: "hiring manager", approver: "approver" },
  zh: { hq_admin: "总部管理员", hq_hr: "总部 HR", branch_hr: "分支机构 HR", interviewer: "面试官",
    hiring_manager: "用人经理", approver: "审批人" },
};
const FIELDS = {
  en: { name: "name", phone: "phone", email: "e-mail", position: "position", branch: "branch",
    language: "language", resume_ref: "résumé", row: "row", branch_id: "branch", position_id: "position",
    interviewer_id: "interviewer", hiring_manager_id: "hiring manager", locale: "language", deadline: "deadline",
    stages: "stage", questions: "question", text: "text", en: "English", zh: "Chinese", kind: "kind",
    dimensions: "dimensions", dimension_weights: "dimension weights", feature_weights: "feature weights",
    answer_seconds: "answer seconds", preparation_seconds: "preparation seconds", retakes_allowed: "retakes",
    rubric: "rubric", exemplar_answers: "exemplar answers", scores: "scores", comment: "comment",
    consent: "consent", interview_time: "time", interview_place: "place", interviewer_name: "interviewer",
    feedback: "feedback", body: "request", subject: "subject", cursor: "page", title: "title", title_zh: "Chinese title",
    name_zh: "Chinese name", weight: "weight", key: "key", label: "label", cues: "cues", revision: "version",
    channel: "channel", filters: "filters", query: "list" },
  zh: { name: "姓名", phone: "手机", email: "邮箱", position: "岗位", branch: "分支机构", language: "语言",
    resume_ref: "简历", row: "整行", branch_id: "分支机构", position_id: "岗位", interviewer_id: "面试官",
    hiring_manager_id: "用人经理", locale: "语言", deadline: "截止时间", stages: "阶段", questions: "问题", text: "题目",
    en: "英文", zh: "中文", kind: "类型", dimensions: "维度", dimension_weights: "维度权重", feature_weights: "特征权重",
    answer_seconds: "作答秒数", preparation_seconds: "准备秒数", retakes_allowed: "重录次数", rubric: "评分要点",
    exemplar_answers: "示范回答", scores: "评分", comment: "评语", consent: "同意", interview_time: "时间",
    interview_place: "地点", interviewer_name: "面试官", feedback: "反馈", body: "请求", subject: "主题", cursor: "页码",
    title: "名称", title_zh: "中文名称", name_zh: "中文名称", weight: "权重", key: "键", label: "名称", cues: "关键词",
    revision: "版本", channel: "渠道", filters: "筛选条件", query: "列表" },
};
const STATUS = {
  en: { imported: "imported", invited: "invited", completed: "completed", in_review: "in review",
    second_round: "in the second round", offer_pending: "at the offer stage", rejected: "rejected",
    expired: "expired", needs_attention: "waiting for attention", alternative_requested: "asking for a process without AI" },
  zh: { imported: "已导入", invited: "已邀请", completed: "已完成", in_review: "评审中", second_round: "复试中",
    offer_pending: "录用中", rejected: "未录用", expired: "已过期", needs_attention: "需要处理",
    alternative_requested: "申请人工面试" },
};
const when = (iso, lang) => (iso ? new Date(iso).toLocaleString(lang === "zh" ? "zh-CN" : "en") : "");
const list = (items, lang, names = {}) => (items || []).map((x) => names[x] || x).join(lang === "zh" ? "、" : ", ");

const CATALOGUE = {
  en: {
    // the class of an error, when a raise names no code of its own
    bad_request: "The request cannot be read.", not_found: "Not found.", forbidden: "Your role may not do this.",
    conflict: "This conflicts with the current state; reload and try again.",
    changed_meanwhile: "Someone else changed this meanwhile; reload and try again.",
    invalid_request: "Some fields are not valid.", too_large: "The upload is too large.",
    unsupported_media_type: "This kind of file is not accepted.", unauthorized: "Please sign in again.",
    gone: "This is no longer available.", locked: "This is locked.", too_many_requests: "Too many requests; please wait and try again.",
    // requests
    body_not_json: "Send the request body as JSON.", body_not_base64: "The request body is not valid base64.",
    body_not_utf8: "The request body is not valid UTF-8.", bad_cursor: "This page no longer exists; start from the first page.",
    no_role: "Your account has no role or branch yet; ask HQ.", no_such_route: "There is no such page in the API.",
    // people and branches
    role_required: (p) => `Your role may not do this (it needs: ${list(p.roles, "en", ROLES.en)}).`,
    not_found_or_other_branch: "Not found, or not in your branch.", own_branch_only: "You can work only in your own branch.",
    username_taken: (p) => `The username ${p.username} is taken.`, already_exists: "This already exists.",
    edited_meanwhile: (p) => `Someone else saved this meanwhile (now version ${p.revision}, you edited ${p.edited}); reload and try again.`,
    no_profile: "Your account has no profile yet; ask HQ.",
    template_edited_meanwhile: (p) => `The template is at version ${p.version}; you edited version ${p.edited}. Reload it and apply your changes again.`,
    hr_only: "Only HR can do this.", reviewers_only: "Only the assigned interviewer or hiring manager (or HR) reviews this candidate.",
    deciders_only: "HR or the candidate's hiring manager decides.",
    branch_not_found: "Branch not found.", unknown_branch: "Unknown branch.", no_such_branch: "No such branch.",
    hq_role_in_hq: "HQ roles belong to HQ.", branch_role_in_branch: "Branch HR belongs to a branch.",
    // candidates
    candidate_not_found: "Candidate not found, or not in your branch.",
    unknown_position: "Unknown position.", no_such_position: "No such position in the branch.",
    unknown_interviewer: "Unknown interviewer.", no_such_interviewer: "No interviewer with this id in the branch.",
    unknown_hiring_manager: "Unknown hiring manager.", no_such_hiring_manager: "No hiring manager with this id in the branch.",
    duplicate_candidate: (p) => `A candidate with this ${list(p.fields, "en", FIELDS.en)} already exists.`,
    already_registered: (p) => (p.value ? `${p.value} is already registered.` : "Already registered."),
    position_not_found: "Position not found.", unknown_template: "Unknown template.", no_such_template: "No such template.",
    template_not_found: "Template not found.", notification_not_found: "Notification text not found.",
    bad_month: "The month must look like 2026-11.",
    // invitations, reviews, decisions
    not_invitable: (p) => `The candidate is ${STATUS.en[p.status] || p.status}: only imported, expired or second-round candidates can be invited.`,
    invitation_on_its_way: "An invitation for this candidate is already on its way.",
    busy_try_again: "This is changing right now; try again in a moment.",
    not_invited: "The candidate has not been invited to a video interview yet.",
    deadline_time_zone: "The deadline needs a time zone (e.g. +08:00).", deadline_past: "The deadline is in the past.",
    deadline_too_far: (p) => `The deadline is too far away (at most ${p.days} days).`,
    candidate_not_in_review: (p) => `The candidate is ${STATUS.en[p.status] || p.status}, not in review.`,
    nothing_to_decide: (p) => `The candidate is ${STATUS.en[p.status] || p.status}: there is nothing to decide.`,
    already_decided: "A decision was already made for this round.",
    date_out_of_range: (p) => `The date must be between ${p.earliest} and ${p.latest}.`,
    date_range_reversed: "The date range ends before it starts.",
    date_range_too_long: (p) => `The date range can span at most ${p.days} days.`,
    nothing_to_print: "No interview yet: there is nothing to print.",
    user_not_found: "User not found.",
    not_yourself: "You cannot disable yourself or change your own role.",
    disagreement_needs_reason: (p) => `The AI and the reviewers disagree by more than ${p.threshold} points on ${list(p.dimensions, "en")}: say why you decide as you do.`,
    disagreement_reason_required: (p) => `Required: the AI and the reviewers disagree on ${list(p.dimensions, "en")}.`,
    score_every_dimension: "Score every dimension of the position, and only those.", not_a_dimension: "Not a dimension of this position.",
    no_report_yet: "No AI report yet: it is ready when every answer has been assessed.",
    // reminders by hand, the candidate list, saved lists, the export
    not_remindable: (p) => `The candidate is ${STATUS.en[p.status] || p.status}: only invited candidates can be reminded.`,
    interview_already_completed: "The candidate has already completed the interview.",
    remind_after_deadline: "The interview's deadline has passed; invite the candidate again instead.",
    reminded_recently: (p) => `A reminder went out at ${when(p.at, "en")}; the next one can go an hour later.`,
    unknown_list_parameters: (p) => `These are not list settings: ${list(p.parameters, "en")}.`,
    not_a_list_parameter: "Not a list setting.", saved_list_not_found: "Saved list not found.",
    too_many_saved_lists: (p) => `At most ${p.max} saved lists; delete one first.`,
    export_too_large: (p) => `${p.count} candidates match; export at most ${p.max} at a time: narrow the list first.`,
    narrow_the_list: "Narrow the list (status, position, branch) first.",
    // the import
    send_xlsx: "Send an Excel .xlsx file.", file_too_large: (p) => `The file is larger than ${p.mb} MB.`,
    not_xlsx: "The file is not an Excel .xlsx workbook.", unreadable_xlsx: "The file is not a readable .xlsx workbook.",
    too_many_rows: (p) => `The file has more than ${p.rows} candidates; split it.`,
    no_header_row: (p) => `No header row found; the first sheet needs the columns ${list(p.columns, "en")}.`,
    import_not_found: "Import not found.", position_missing: "The position is missing.",
    import_stopped: (p) => `The import stopped after ${p.done} of ${p.total} rows (a few after them may be in too). Import the same file again: the rows already in show as duplicates.`,
    no_position_in_branch: (p) => `There is no position "${p.position}" in this branch.`,
    branch_missing: "The branch is missing.", unknown_language: "The language must be 中文 or English.",
    unknown_channel: (p) => `The source ${p.value ? `"${p.value}" ` : ""}is not 招聘网站, 内推, 校园招聘, 猎头 or 其他.`,
    // contact details
    phone_missing: "The phone number is missing.",
    phone_scientific: "The phone number was turned into a number in scientific notation; format the column as text.",
    phone_not_digits: "The phone number has characters other than digits.",
    phone_not_mainland_mobile: "Not a mainland mobile number; add the country code (+...).",
    phone_not_cn_mobile: "Not a valid mainland China mobile number.", phone_not_valid: "Not a valid phone number.",
    email_missing: "The e-mail is missing.", email_not_valid: "Not a valid e-mail address.",
    name_missing: "The name is missing.", name_too_long: (p) => `The name is longer than ${p.max} characters.`,
    // stored notes and reasons (timeline, needs attention)
    added_manual: "Added by hand.", added_import: "Added from an Excel import.",
    alternative_requested: (p) => (p.reason ? `Asked for a process without AI analysis: ${p.reason}` : "Asked for a process without AI analysis."),
    interview_expired: "The interview deadline passed without a completed interview.",
    link_locked_attention: (p) => `The interview link was locked after ${p.attempts} wrong phone numbers.`,
    answers_unusable: (p) => (p.count > 1 ? `${p.count} recordings cannot be used (first: question ${p.question}); watch them and decide what to do.`
      : `The recording of question ${p.question} cannot be used; watch it and decide what to do.`),
    step_timed_out: (p) => `A step of the process took too long (${p.step}).`,
    step_failed: (p) => `A step of the process failed (${p.step}: ${p.error}).`,
    // people take over where the AI cannot advise (docs/human-oversight.md)
    review_without_ai: (p) => `People review without the AI: ${p.reason}`,
    in_person_interview: (p) => `Interview with a person: ${p.time}, ${p.place}${p.interviewer ? `, ${p.interviewer}` : ""}`,
    alternative_declined: (p) => `Request for a process without AI declined: ${p.message}`,
    rescore_started: (p) => `Scoring of ${p.question} re-run by ${p.by}.`,
    ai_dropped_alternative: "The candidate asked for a process without AI analysis.",
    suggest_ai_dropped: "None: the AI's weight is dropped for this candidate; people decide.",
    answer_not_found: "No such answer.",
    rescore_not_answered: "The question was not answered: there is no recording to score.",
    rescore_nothing_failed: "The answer's scoring did not fail: there is nothing to re-run.",
    rescore_not_needs_attention: (p) => `The candidate is ${STATUS.en[p.status] || p.status}: scoring is re-run for the current round of a candidate waiting because the AI could not use answers.`,
    interview_not_complete: "The interview is not complete yet.",
    review_without_ai_not_needs_attention: (p) => `The candidate is ${STATUS.en[p.status] || p.status}: people take over without the AI only when a candidate needs attention.`,
    no_alternative_request: (p) => `The candidate is ${STATUS.en[p.status] || p.status}: there is no open request for a process without AI.`,
    // the AI report's suggestions and flags
    suggest_no_ai_score: (p) => `No AI score: the AI could not judge any answer; watch the recordings and score them yourselves${p.check_flags ? "; check the integrity flags first" : ""}.`,
    suggest_second_round: (p) => `Recommend a second round${p.probe ? `; probe ${p.probe_name || p.probe} (${p.probe_score})` : ""}${p.check_flags ? "; check the integrity flags first" : ""}${p.not_scored ? `; ${p.not_scored} not scored (insufficient evidence)` : ""}.`,
    suggest_borderline: (p) => `Borderline: watch the answers before deciding${p.probe ? `; probe ${p.probe_name || p.probe} (${p.probe_score})` : ""}${p.check_flags ? "; check the integrity flags first" : ""}${p.not_scored ? `; ${p.not_scored} not scored (insufficient evidence)` : ""}.`,
    suggest_little_evidence: (p) => `Little evidence for this role in the answers${p.probe ? `; probe ${p.probe_name || p.probe} (${p.probe_score})` : ""}${p.check_flags ? "; check the integrity flags first" : ""}${p.not_scored ? `; ${p.not_scored} not scored (insufficient evidence)` : ""}.`,
    flag_several_faces: (p) => `More than one face in view (${p.share}% of frames, at ${(p.at || []).map((t) => `${t} s`).join(", ")}).`,
    flag_no_face: (p) => `No face in view for ${p.share}% of the answer.`,
    flag_dark: (p) => `The picture is dark (mean brightness ${p.brightness} of 255).`,
    flag_blurry: (p) => `The picture is blurry (sharpness ${p.sharpness}).`,
    flag_no_speech: "No speech was recognised.",
    // why a recording cannot be used, or the AI cannot judge an answer
    media_unusable: "The recording cannot be used.", media_empty: "The file is empty.",
    media_undecodable: "The file is not a video (it could not be decoded).", media_still_image: "The file is not a video (it is a still image).",
    media_no_streams: "The file is not a video (no audio or video inside).", media_no_video: "No video track (the camera recorded nothing).",
    media_no_audio: "No audio track (the microphone recorded nothing).",
    media_resolution: (p) => `The resolution ${p.width}×${p.height} is above 1920×1080.`,
    media_incomplete: (p) => `The file is incomplete (it ends at ${p.at} s of ${p.of} s).`,
    media_too_long: (p) => `Longer than ${p.seconds} s (the answer time plus a margin).`,
    media_damaged: (p) => `The file is damaged or incomplete (unreadable after ${p.at} s).`,
    media_single_picture: "The file is not a video (it holds a single picture).", media_gone: "The recording is no longer in storage.",
    media_too_big: (p) => `The file is ${p.mb} MB, above the upload limit.`,
    scoring_failed: (p) => `Scoring failed (${p.error}); the recording is kept.`,
    speech_model_language: (p) => `The speech model cannot transcribe this language (${p.language}).`,
    evidence_too_short: (p) => `${p.seconds} s long, ${p.minimum} s minimum (too short to judge).`,
    evidence_silent: "The audio is silent (nothing was heard from the microphone).",
    evidence_no_speech: "No speech was heard in the answer.",
    evidence_language: (p) => `The spoken language is not one this interview takes (${p.heard}).`,
    evidence_unclear: (p) => `The speech could not be made out reliably (average word confidence ${p.confidence}, ${p.needed} needed).`,
    // the candidate portal
    link_invalid: "This interview link is not valid.", link_gone: "This interview link is no longer valid.",
    link_locked: "This link is locked after too many wrong phone numbers. HR has been told and will contact you.",
    deadline_passed: "The deadline for this interview has passed.", verify_again: "Please verify your phone number again.",
    consent_required: "Please agree to the AI analysis, or ask for a process without it.",
    too_many_wrong_phones: (p) => `Too many wrong phone numbers from your network; try again in ${p.minutes} minutes.`,
    wrong_phone: (p) => `The phone number does not match; ${p.left} attempts left.`,
    no_such_interview: "No such interview.", no_such_question: "No such question in this interview.",
    interview_complete: "The interview is already complete.", question_time_over: "The time for this question is over.",
    no_retakes_left: "No retakes left for this question.", answers_missing: "Some answers have not arrived yet.",
    no_answer_recorded: "No answer was recorded.", no_uploaded_answer: "No uploaded answer.",
    // template validation (the editor shows each field's reason)
    weights_sum: (p) => `The weights must add up to 1; they add up to ${p.total}.`,
    dimension_keys_unique: "Dimension keys must be unique.", question_ids_unique: "Question ids must be unique within a template.",
    unknown_dimensions: (p) => `Questions measure unknown dimensions: ${list(p.dimensions, "en")}.`,
    stray_feature_weights: (p) => `Feature weights for unknown dimensions: ${list(p.dimensions, "en")}.`,
    second_round_needs_interviewer: "Name the interviewer of the second round (or assign one first).",
    scores_range: "Scores go from 0 to 100.", second_round_needs_when_where: "A second round needs a time and a place or meeting link.",
    subject_required: "An e-mail needs a subject.", sms_too_long: (p) => `An SMS text must be at most ${p.max_length} characters.`,
    unknown_placeholder: (p) => `Unknown placeholder(s) ${p.unknown}; the known ones are ${p.known}.`,
    // pydantic's own error types
    missing: "Required.", string_too_short: (p) => `At least ${p.min_length} characters.`,
    string_too_long: (p) => `At most ${p.max_length} characters.`, too_short: (p) => `At least ${p.min_length} items.`,
    too_long: (p) => `At most ${p.max_length} items.`, greater_than_equal: (p) => `At least ${p.ge}.`,
    less_than_equal: (p) => `At most ${p.le}.`, greater_than: (p) => `More than ${p.gt}.`, less_than: (p) => `Less than ${p.lt}.`,
    int_parsing: "A whole number, please.", int_from_float: "A whole number, please.", float_parsing: "A number, please.",
    literal_error: (p) => `One of: ${p.expected}.`, enum: (p) => `One of: ${p.expected}.`, string_type: "Text, please.",
    int_type: "A whole number, please.", float_type: "A number, please.", bool_type: "Yes or no, please.",
    bool_parsing: "Yes or no, please.", list_type: "A list, please.", dict_type: "An object, please.",
    model_type: "An object, please.", json_invalid: "The request body is not valid JSON.",
    string_pattern_mismatch: "Use lower-case letters, digits and _ (starting with a letter).",
    extra_forbidden: "Not a field this form takes.", value_error: "Not a valid value.", datetime_parsing: "A date and time, please.",
    datetime_from_date_parsing: "A date and time, please.", invalid: "Not valid.",
  },
  zh: {
    bad_request: "无法读取该请求。", not_found: "未找到。", forbidden: "您的角色无权执行此操作。",
    conflict: "与当前状态冲突，请刷新后重试。", changed_meanwhile: "他人刚刚修改了此内容，请刷新后重试。",
    invalid_request: "部分字段无效。", too_large: "上传内容过大。", unsupported_media_type: "不接受此类文件。",
    unauthorized: "请重新登录。", gone: "此内容已不可用。", locked: "已锁定。", too_many_requests: "请求过于频繁，请稍后再试。",
    body_not_json: "请以 JSON 格式发送请求内容。", body_not_base64: "请求内容不是有效的 base64。",
    body_not_utf8: "请求内容不是有效的 UTF-8。", bad_cursor: "此页已失效，请从第一页开始。",
    no_role: "您的账号尚未分配角色或分支机构，请联系总部。", no_such_route: "API 中没有此页面。",
    role_required: (p) => `您的角色无权执行此操作（需要：${list(p.roles, "zh", ROLES.zh)}）。`,
    not_found_or_other_branch: "未找到，或不属于您的分支机构。", own_branch_only: "您只能在本分支机构内操作。",
    username_taken: (p) => `用户名 ${p.username} 已被使用。`, already_exists: "已存在。",
    edited_meanwhile: (p) => `他人已保存了修改（当前第 ${p.revision} 版，您编辑的是第 ${p.edited} 版），请刷新后重试。`,
    no_profile: "您的账号尚无资料，请联系总部。",
    template_edited_meanwhile: (p) => `模板当前为第 ${p.version} 版，您编辑的是第 ${p.edited} 版。请刷新后重新修改。`,
    hr_only: "仅 HR 可以执行此操作。", reviewers_only: "仅分配的面试官、用人经理（或 HR）可以评分。",
    deciders_only: "由 HR 或该候选人的用人经理做决定。",
    branch_not_found: "未找到分支机构。", unknown_branch: "未知的分支机构。", no_such_branch: "没有此分支机构。",
    hq_role_in_hq: "总部角色只能属于总部。", branch_role_in_branch: "分支机构 HR 必须属于某个分支机构。",
    candidate_not_found: "未找到候选人，或不属于您的分支机构。",
    unknown_position: "未知的岗位。", no_such_position: "该分支机构没有此岗位。",
    unknown_interviewer: "未知的面试官。", no_such_interviewer: "该分支机构没有此面试官。",
    unknown_hiring_manager: "未知的用人经理。", no_such_hiring_manager: "该分支机构没有此用人经理。",
    duplicate_candidate: (p) => `已有相同${list(p.fields, "zh", FIELDS.zh)}的候选人。`,
    already_registered: (p) => (p.value ? `${p.value} 已登记。` : "已登记。"),
    position_not_found: "未找到岗位。", unknown_template: "未知的面试模板。", no_such_template: "没有此面试模板。",
    template_not_found: "未找到面试模板。", notification_not_found: "未找到通知文本。",
    bad_month: "月份格式应为 2026-11。",
    not_invitable: (p) => `该候选人${STATUS.zh[p.status] || p.status}：只有已导入、已过期或复试中的候选人可以邀请。`,
    invitation_on_its_way: "该候选人的邀请正在发送中。", busy_try_again: "正在处理中，请稍后再试。",
    not_invited: "该候选人尚未被邀请参加视频面试。",
    deadline_time_zone: "截止时间需要包含时区（例如 +08:00）。", deadline_past: "截止时间已过。",
    deadline_too_far: (p) => `截止时间太远（最多 ${p.days} 天）。`,
    candidate_not_in_review: (p) => `该候选人${STATUS.zh[p.status] || p.status}，不在评审阶段。`,
    nothing_to_decide: (p) => `该候选人${STATUS.zh[p.status] || p.status}，目前没有需要做的决定。`,
    already_decided: "本轮已经做出决定。",
    date_out_of_range: (p) => `日期须在 ${p.earliest} 至 ${p.latest} 之间。`,
    date_range_reversed: "日期范围的结束早于开始。",
    date_range_too_long: (p) => `日期范围最多 ${p.days} 天。`,
    nothing_to_print: "尚无面试：没有可打印的内容。",
    user_not_found: "未找到该用户。",
    not_yourself: "不能停用自己的账号或更改自己的角色。",
    disagreement_needs_reason: (p) => `AI 与评审人在${list(p.dimensions_zh, "zh")}上相差超过 ${p.threshold} 分：请说明您做出此决定的理由。`,
    disagreement_reason_required: (p) => `必填：AI 与评审人在${list(p.dimensions_zh, "zh")}上意见不一致。`,
    score_every_dimension: "请为该岗位的每个维度评分，且只评这些维度。", not_a_dimension: "不是该岗位的维度。",
    no_report_yet: "AI 报告尚未生成：所有回答评估完成后即可查看。",
    not_remindable: (p) => `该候选人${STATUS.zh[p.status] || p.status}：只能提醒已邀请的候选人。`,
    interview_already_completed: "该候选人已完成面试。",
    remind_after_deadline: "面试截止时间已过，请重新邀请。",
    reminded_recently: (p) => `已于 ${when(p.at, "zh")} 发送过提醒，一小时后才能再次提醒。`,
    unknown_list_parameters: (p) => `这些不是列表设置：${list(p.parameters, "zh")}。`,
    not_a_list_parameter: "不是列表设置。", saved_list_not_found: "未找到已保存的列表。",
    too_many_saved_lists: (p) => `最多保存 ${p.max} 个列表，请先删除一个。`,
    export_too_large: (p) => `共有 ${p.count} 位候选人符合条件，每次最多导出 ${p.max} 位，请先缩小筛选范围。`,
    narrow_the_list: "请先缩小筛选范围（状态、岗位、分支机构）。",
    send_xlsx: "请上传 Excel .xlsx 文件。", file_too_large: (p) => `文件超过 ${p.mb} MB。`,
    not_xlsx: "该文件不是 Excel .xlsx 工作簿。", unreadable_xlsx: "无法读取该 .xlsx 工作簿。",
    too_many_rows: (p) => `文件中的候选人超过 ${p.rows} 位，请拆分。`,
    no_header_row: (p) => `未找到表头行；第一个工作表需要以下列：${list(p.columns, "zh")}。`,
    import_not_found: "未找到该导入。", position_missing: "缺少岗位。",
    import_stopped: (p) => `导入在第 ${p.done} 行（共 ${p.total} 行）后中断（其后的少数几行可能也已导入）。请重新导入同一文件：已导入的行会显示为重复。`,
    no_position_in_branch: (p) => `该分支机构没有岗位“${p.position}”。`,
    branch_missing: "缺少分支机构。", unknown_language: "语言必须是“中文”或“English”。",
    unknown_channel: (p) => `来源渠道${p.value ? `“${p.value}”` : ""}必须是招聘网站、内推、校园招聘、猎头或其他。`,
    phone_missing: "缺少手机号码。", phone_scientific: "手机号码被转换成了科学计数法，请将该列设为文本格式。",
    phone_not_digits: "手机号码中含有数字以外的字符。",
    phone_not_mainland_mobile: "不是中国大陆手机号码；其他地区请加国家代码（+...）。",
    phone_not_cn_mobile: "不是有效的中国大陆手机号码。", phone_not_valid: "不是有效的电话号码。",
    email_missing: "缺少邮箱。", email_not_valid: "不是有效的邮箱地址。",
    name_missing: "缺少姓名。", name_too_long: (p) => `姓名超过 ${p.max} 个字符。`,
    added_manual: "手工添加。", added_import: "通过 Excel 导入添加。",
    alternative_requested: (p) => (p.reason ? `申请不含 AI 分析的面试方式：${p.reason}` : "申请不含 AI 分析的面试方式。"),
    interview_expired: "面试截止时间已过，候选人未完成面试。",
    link_locked_attention: (p) => `连续 ${p.attempts} 次输入错误的手机号码，面试链接已被锁定。`,
    answers_unusable: (p) => (p.count > 1 ? `${p.count} 段录像无法使用（第一段：问题 ${p.question}），请观看后决定如何处理。`
      : `问题 ${p.question} 的录像无法使用，请观看后决定如何处理。`),
    step_timed_out: (p) => `流程中的一个步骤超时（${p.step}）。`,
    step_failed: (p) => `流程中的一个步骤失败（${p.step}：${p.error}）。`,
    review_without_ai: (p) => `不使用 AI，人工评审：${p.reason}`,
    in_person_interview: (p) => `人工面试：${p.time}，${p.place}${p.interviewer ? `，${p.interviewer}` : ""}`,
    alternative_declined: (p) => `已拒绝不含 AI 的面试申请：${p.message}`,
    rescore_started: (p) => `${p.by} 已重新运行问题 ${p.question} 的评分。`,
    ai_dropped_alternative: "候选人申请了不含 AI 分析的面试方式。",
    suggest_ai_dropped: "无：该候选人的 AI 权重已取消，由人工决定。",
    answer_not_found: "没有该回答。",
    rescore_not_answered: "该问题未作答：没有可评分的录像。",
    rescore_nothing_failed: "该回答的评分没有失败：无需重新评分。",
    rescore_not_needs_attention: (p) => `该候选人${STATUS.zh[p.status] || p.status}：只有因 AI 无法使用回答而需要处理的候选人，才能重新评分其当前轮次。`,
    interview_not_complete: "面试尚未完成。",
    review_without_ai_not_needs_attention: (p) => `该候选人${STATUS.zh[p.status] || p.status}：只有需要处理的候选人才能转为不使用 AI 的人工评审。`,
    no_alternative_request: (p) => `该候选人${STATUS.zh[p.status] || p.status}：没有待处理的不含 AI 面试申请。`,
    suggest_no_ai_score: (p) => `没有 AI 评分：AI 无法评判任何回答，请观看录像并自行评分${p.check_flags ? "；请先查看诚信提示" : ""}。`,
    suggest_second_round: (p) => `建议进入复试${p.probe ? `；可进一步考察“${p.probe_name || p.probe}”（${p.probe_score} 分）` : ""}${p.check_flags ? "；请先查看诚信提示" : ""}${p.not_scored ? `；${p.not_scored} 个回答未评分（依据不足）` : ""}。`,
    suggest_borderline: (p) => `处于边界：做决定前请观看回答${p.probe ? `；可进一步考察“${p.probe_name || p.probe}”（${p.probe_score} 分）` : ""}${p.check_flags ? "；请先查看诚信提示" : ""}${p.not_scored ? `；${p.not_scored} 个回答未评分（依据不足）` : ""}。`,
    suggest_little_evidence: (p) => `回答中与该岗位相关的依据较少${p.probe ? `；可进一步考察“${p.probe_name || p.probe}”（${p.probe_score} 分）` : ""}${p.check_flags ? "；请先查看诚信提示" : ""}${p.not_scored ? `；${p.not_scored} 个回答未评分（依据不足）` : ""}。`,
    flag_several_faces: (p) => `画面中出现多张人脸（${p.share}% 的画面，位于 ${(p.at || []).map((t) => `${t} 秒`).join("、")}）。`,
    flag_no_face: (p) => `${p.share}% 的时间画面中没有人脸。`,
    flag_dark: (p) => `画面偏暗（平均亮度 ${p.brightness}/255）。`,
    flag_blurry: (p) => `画面模糊（清晰度 ${p.sharpness}）。`,
    flag_no_speech: "未识别到语音。",
    media_unusable: "录像无法使用。", media_empty: "文件为空。", media_undecodable: "文件不是视频（无法解码）。",
    media_still_image: "文件不是视频（是一张静态图片）。", media_no_streams: "文件不是视频（没有音频或视频）。",
    media_no_video: "没有视频轨道（摄像头没有录到画面）。", media_no_audio: "没有音频轨道（麦克风没有录到声音）。",
    media_resolution: (p) => `分辨率 ${p.width}×${p.height} 超过 1920×1080。`,
    media_incomplete: (p) => `文件不完整（在 ${p.at} 秒处结束，应为 ${p.of} 秒）。`,
    media_too_long: (p) => `超过 ${p.seconds} 秒（作答时间加余量）。`,
    media_damaged: (p) => `文件损坏或不完整（${p.at} 秒后无法读取）。`,
    media_single_picture: "文件不是视频（只有一帧画面）。", media_gone: "录像已不在存储中。",
    media_too_big: (p) => `文件大小为 ${p.mb} MB，超过上传上限。`,
    scoring_failed: (p) => `评分失败（${p.error}），录像已保留。`,
    speech_model_language: (p) => `语音模型无法识别该语言（${p.language}）。`,
    evidence_too_short: (p) => `时长 ${p.seconds} 秒，至少需要 ${p.minimum} 秒（太短，无法评判）。`,
    evidence_silent: "音频无声（麦克风没有录到任何声音）。", evidence_no_speech: "回答中没有听到语音。",
    evidence_language: (p) => `所说语言不是本次面试接受的语言（${p.heard}）。`,
    evidence_unclear: (p) => `语音无法可靠识别（平均词置信度 ${p.confidence}，需要 ${p.needed}）。`,
    link_invalid: "此面试链接无效。", link_gone: "此面试链接已失效。",
    link_locked: "由于多次输入错误的手机号码，此链接已被锁定。HR 已收到通知并会与您联系。",
    deadline_passed: "本次面试的截止时间已过。", verify_again: "请重新验证您的手机号码。",
    consent_required: "请同意 AI 分析，或申请不含 AI 分析的面试方式。",
    too_many_wrong_phones: (p) => `您的网络多次输入错误的手机号码，请 ${p.minutes} 分钟后再试。`,
    wrong_phone: (p) => `手机号码不匹配，还可以尝试 ${p.left} 次。`,
    no_such_interview: "没有此面试。", no_such_question: "本次面试中没有此问题。",
    interview_complete: "面试已经完成。", question_time_over: "本题的作答时间已结束。",
    no_retakes_left: "本题已没有重新录制的机会。", answers_missing: "部分回答尚未上传完成。",
    no_answer_recorded: "没有录制任何回答。", no_uploaded_answer: "没有已上传的回答。",
    weights_sum: (p) => `权重之和必须为 1，当前为 ${p.total}。`,
    dimension_keys_unique: "维度键不能重复。", question_ids_unique: "同一模板中的问题编号不能重复。",
    unknown_dimensions: (p) => `问题考察了未知的维度：${list(p.dimensions, "zh")}。`,
    stray_feature_weights: (p) => `这些维度不存在，却设置了特征权重：${list(p.dimensions, "zh")}。`,
    second_round_needs_interviewer: "请填写复试面试官（或先分配面试官）。",
    scores_range: "评分范围为 0 到 100。", second_round_needs_when_where: "复试需要填写时间，以及地点或会议链接。",
    subject_required: "邮件需要填写主题。", sms_too_long: (p) => `短信正文最多 ${p.max_length} 个字符。`,
    unknown_placeholder: (p) => `未知的占位符 ${p.unknown}；可用的占位符：${p.known}。`,
    missing: "必填。", string_too_short: (p) => `至少 ${p.min_length} 个字符。`, string_too_long: (p) => `最多 ${p.max_length} 个字符。`,
    too_short: (p) => `至少 ${p.min_length} 项。`, too_long: (p) => `最多 ${p.max_length} 项。`,
    greater_than_equal: (p) => `不能小于 ${p.ge}。`, less_than_equal: (p) => `不能大于 ${p.le}。`,
    greater_than: (p) => `必须大于 ${p.gt}。`, less_than: (p) => `必须小于 ${p.lt}。`,
    int_parsing: "请输入整数。", int_from_float: "请输入整数。", float_parsing: "请输入数字。",
    literal_error: (p) => `只能是：${p.expected}。`, enum: (p) => `只能是：${p.expected}。`, string_type: "请输入文字。",
    int_type: "请输入整数。", float_type: "请输入数字。", bool_type: "请选择是或否。", bool_parsing: "请选择是或否。",
    list_type: "应为列表。", dict_type: "应为对象。", model_type: "应为对象。", json_invalid: "请求内容不是有效的 JSON。",
    string_pattern_mismatch: "只能使用小写字母、数字和下划线，并以字母开头。",
    extra_forbidden: "此表单不接受该字段。", value_error: "值无效。", datetime_parsing: "请输入日期和时间。",
    datetime_from_date_parsing: "请输入日期和时间。", invalid: "无效。",
  },
};

// A status's meaning, for a code this catalogue lacks (or an answer with no code).
const BY_STATUS = {
  en: { 400: "The request cannot be read.", 401: "Please sign in again.", 403: "Your role may not do this.",
    404: "Not found, or not in your branch.", 409: "This conflicts with the current state; reload and try again.",
    410: "This is no longer available.", 413: "The upload is too large.", 415: "This kind of file is not accepted.",
    422: "Some fields are not valid.", 423: "This is locked.", 429: "Too many requests; please wait and try again." },
  zh: { 400: "无法读取该请求。", 401: "请重新登录。", 403: "您的角色无权执行此操作。", 404: "未找到，或不属于您的分支机构。",
    409: "与当前状态冲突，请刷新后重试。", 410: "此内容已不可用。", 413: "上传内容过大。", 415: "不接受此类文件。",
    422: "部分字段无效。", 423: "已锁定。", 429: "请求过于频繁，请稍后再试。" },
};
const SERVER_TROUBLE = { en: (s) => `Something went wrong on the server (${s}); try again.`,
  zh: (s) => `服务器出现问题（${s}），请重试。` };

export function known(code) {
  return Object.hasOwn(CATALOGUE.en, code) && Object.hasOwn(CATALOGUE.zh, code);
}

// One message in ``lang``. In English the server's own text (``fallback``) when it sent
// one - it is the English - else the catalogue's; in Chinese the catalogue's sentence for
// ``code``; a code it lacks gets the status's meaning, never the English.
export function say(lang, code, params = {}, fallback = "", status = 0) {
  if (lang === "en" && fallback) return fallback;
  const entry = code && Object.hasOwn(CATALOGUE[lang], code) ? CATALOGUE[lang][code] : null;
  if (entry) return typeof entry === "function" ? entry(params || {}) : entry;
  if (BY_STATUS[lang][status]) return BY_STATUS[lang][status];
  if (status >= 500) return SERVER_TROUBLE[lang](status);
  return lang === "en" ? fallback || "Something went wrong." : "出现问题，请重试。";
}

// An API error body ({message, code, params, errors}) as the sentence a person reads,
// and each field's reason.
export function errorText(lang, body, status) {
  return say(lang, body && body.code, body && body.params, body && body.message, status);
}

export function fieldErrors(lang, body) {
  return ((body && body.errors) || []).map((e) => ({
    field: e.field, text: say(lang, e.code, e.params, e.message, 422) }));
}

// A field or a path into the request ("stages.0.answer_seconds" -> "stage 1 · answer
// seconds"); a name the catalogue lacks (a dimension's key, a question's id) stays as is.
export function fieldName(lang, field) {
  return String(field).split(".").map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1)
    : FIELDS[lang][part] || part)).join(" ").replace(/ (\d+)/g, " $1 ·").replace(/ ·$/, "");
}

export function roleName(lang, role) {
  return ROLES[lang][role] || role;
}

// Sign-in answers from Cognito carry an error type, not our codes.
const SIGN_IN = {
  en: { NotAuthorizedException: "Wrong username or password.", UserNotFoundException: "Wrong username or password.",
    PasswordResetRequiredException: "Your password must be reset; ask HQ.", UserNotConfirmedException: "Your account is not confirmed yet; ask HQ.",
    TooManyRequestsException: "Too many attempts; wait a moment and try again.", LimitExceededException: "Too many attempts; wait a moment and try again.",
    network: "The sign-in service cannot be reached; check the connection and try again.", other: "Sign-in failed; try again." },
  zh: { NotAuthorizedException: "用户名或密码错误。", UserNotFoundException: "用户名或密码错误。",
    PasswordResetRequiredException: "您的密码需要重置，请联系总部。", UserNotConfirmedException: "您的账号尚未确认，请联系总部。",
    TooManyRequestsException: "尝试次数过多，请稍后再试。", LimitExceededException: "尝试次数过多，请稍后再试。",
    network: "无法连接登录服务，请检查网络后重试。", other: "登录失败，请重试。" },
};

export function signInText(lang, type) {
  const name = String(type || "").split("#").pop();
  return SIGN_IN[lang][name] || SIGN_IN[lang].other;
}
