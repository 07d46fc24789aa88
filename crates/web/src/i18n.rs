//! Every user-visible string of the web UI goes through here: Vietnamese first, English second.

/// The language of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn from_code(code: &str) -> Lang {
        if code.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Vi
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

/// (key, Vietnamese, English), sorted by key so that lookups can bisect.
const TEXTS: &[(&str, &str, &str)] = &[
    (
        "app.name",
        "Hướng nghiệp – Phân luồng",
        "Career guidance – Streaming",
    ),
    (
        "app.tagline",
        "Hệ thống thông tin giáo dục hướng nghiệp và định hướng phân luồng học sinh",
        "Information system for career guidance and streaming of students",
    ),
    ("audit.action", "Thao tác", "Action"),
    ("audit.empty", "Chưa có sự kiện nào.", "No events yet."),
    ("audit.subject", "Đối tượng", "Subject"),
    ("audit.time", "Thời điểm", "Time"),
    (
        "audit.title",
        "Nhật ký truy cập và thay đổi",
        "Access and change log",
    ),
    ("audit.user", "Người dùng", "User"),
    ("common.address", "Địa chỉ", "Address"),
    ("common.code", "Mã", "Code"),
    ("common.days", "ngày", "days"),
    ("common.email", "Thư điện tử", "Email"),
    ("common.kind", "Loại", "Type"),
    ("common.name", "Tên", "Name"),
    ("common.phone", "Điện thoại", "Phone"),
    ("common.save", "Lưu", "Save"),
    (
        "dashboard.chart_legend",
        "vạch đen: chỉ tiêu",
        "black tick: target",
    ),
    (
        "dashboard.count",
        "Số HS (tử số/mẫu số)",
        "Count (numerator/denominator)",
    ),
    ("dashboard.gap", "Chênh lệch", "Gap"),
    ("dashboard.gender", "Giới tính", "Gender"),
    (
        "dashboard.graduates_recorded",
        "học sinh tốt nghiệp được ghi nhận",
        "graduates recorded",
    ),
    ("dashboard.indicator", "Chỉ tiêu", "Indicator"),
    (
        "dashboard.minority",
        "Chỉ học sinh DTTS",
        "Ethnic-minority students only",
    ),
    (
        "dashboard.newest_complete",
        "năm mới nhất có cả số liệu đầy đủ và chỉ tiêu",
        "the newest year with both full figures and targets",
    ),
    (
        "dashboard.no_targets_any",
        "Chưa năm nào có chỉ tiêu được giao cho",
        "No year has targets set for",
    ),
    (
        "dashboard.no_targets_year",
        "chưa được giao chỉ tiêu",
        "no targets set",
    ),
    ("dashboard.only", "mới có", "only"),
    ("dashboard.rank", "Hạng", "Rank"),
    (
        "dashboard.ranking",
        "Xếp hạng đơn vị trực thuộc",
        "Ranking of subordinate units",
    ),
    (
        "dashboard.reports",
        "Báo cáo chính thức",
        "Official reports",
    ),
    (
        "dashboard.schools",
        "Các trường trên địa bàn",
        "Schools in the area",
    ),
    ("dashboard.showing", "Đang xem năm", "Showing"),
    (
        "dashboard.showing_latest_figures",
        "Trang đang hiện năm mới nhất có đủ số liệu; cột chỉ tiêu để trống cho đến khi cấp trên giao chỉ tiêu.",
        "The page shows the newest year with full figures; the target column stays empty until targets are set.",
    ),
    ("dashboard.status", "Đánh giá", "Status"),
    ("dashboard.target", "Chỉ tiêu giao", "Target"),
    (
        "dashboard.title",
        "Kết quả phân luồng so với chỉ tiêu",
        "Streaming against targets",
    ),
    (
        "dashboard.trend",
        "Diễn biến qua các năm",
        "Trend over the years",
    ),
    (
        "dashboard.unknown",
        "Tỷ lệ chưa rõ hướng đi",
        "Share with unknown destination",
    ),
    ("dashboard.unknown_short", "Chưa rõ", "Unknown"),
    ("dashboard.value", "Kết quả (%)", "Result (%)"),
    (
        "due.corrections",
        "Đề nghị điều chỉnh số liệu đã khóa,",
        "Corrections of locked figures,",
    ),
    (
        "due.corrections_waiting",
        "đề nghị chờ duyệt",
        "requests waiting",
    ),
    ("due.days_late", "trễ", "late by"),
    ("due.days_left", "còn", "in"),
    ("due.deadline", "Hạn", "Due"),
    (
        "due.import_own",
        "Nhập danh sách học sinh tốt nghiệp năm",
        "Import the list of graduates of",
    ),
    (
        "due.import_school",
        "Chưa nhập danh sách học sinh tốt nghiệp năm",
        "No list of graduates yet for",
    ),
    (
        "due.reports_waiting",
        "báo cáo chờ bạn duyệt",
        "reports waiting for your decision",
    ),
    (
        "due.resend",
        "Gửi lại báo cáo bị trả lại",
        "Send again the returned report:",
    ),
    ("due.review", "Duyệt báo cáo", "Review the reports:"),
    (
        "due.schools_without_list",
        "trường chưa nhập danh sách học sinh tốt nghiệp năm",
        "schools have no list of graduates yet for",
    ),
    ("due.send", "Gửi báo cáo", "Send the report:"),
    ("error.back", "Về trang chủ", "Back to the home page"),
    ("error.title", "Không thực hiện được", "Could not be done"),
    (
        "field.destination_invalid",
        "Hướng đi này không có trong danh sách của cấp học.",
        "This destination is not in the list of this level.",
    ),
    (
        "field.name_empty",
        "Tên không được để trống.",
        "The given name cannot be empty.",
    ),
    (
        "field.role_invalid",
        "Vai trò này không có trong danh sách.",
        "This role is not in the list.",
    ),
    (
        "field.status_invalid",
        "Tình trạng này không có trong danh sách.",
        "This status is not in the list.",
    ),
    (
        "form.refused",
        "Chưa lưu: hãy sửa các ô có lỗi bên dưới.",
        "Not saved: please correct the fields marked below.",
    ),
    ("graduates.add_follow_up", "Thêm theo dõi", "Add follow-up"),
    (
        "graduates.ask_correction",
        "Đề nghị điều chỉnh hướng đi",
        "Ask a correction of the destination",
    ),
    ("graduates.birth", "Ngày sinh", "Date of birth"),
    ("graduates.class", "Lớp", "Class"),
    ("graduates.count", "học sinh tốt nghiệp", "graduates"),
    (
        "graduates.destination",
        "Hướng đi sau tốt nghiệp",
        "Destination",
    ),
    ("graduates.destination_date", "Ngày ghi nhận", "Recorded on"),
    (
        "graduates.destination_institution",
        "Nơi học, làm việc",
        "Institution or employer",
    ),
    (
        "graduates.edit_destination",
        "Cập nhật hướng đi",
        "Update the destination",
    ),
    (
        "graduates.edit_name",
        "Sửa cách tách họ và tên",
        "Correct the name split",
    ),
    (
        "graduates.empty",
        "Chưa có dữ liệu học sinh tốt nghiệp cho năm và cấp học này.",
        "No graduates recorded for this year and level.",
    ),
    ("graduates.ethnicity", "Dân tộc", "Ethnicity"),
    ("graduates.exam", "Thi vào lớp 10", "Grade-10 exam"),
    (
        "graduates.exam_failed",
        "Dự thi, không trúng tuyển",
        "Sat the exam, not admitted",
    ),
    (
        "graduates.exam_not_sat",
        "Không dự thi",
        "Did not sit the exam",
    ),
    (
        "graduates.exam_passed",
        "Dự thi, trúng tuyển",
        "Sat the exam, admitted",
    ),
    ("graduates.exam_sat", "Dự thi", "Sat the exam"),
    (
        "graduates.family_middle",
        "Họ và chữ đệm",
        "Family and middle names",
    ),
    ("graduates.field", "Thông tin", "Field"),
    ("graduates.follow_up_date", "Ngày", "Date"),
    ("graduates.follow_up_status", "Tình trạng", "Status"),
    (
        "graduates.follow_ups",
        "Theo dõi sau tốt nghiệp",
        "Follow-ups",
    ),
    ("graduates.gender", "Giới tính", "Gender"),
    ("graduates.given", "Tên", "Given name"),
    ("graduates.history", "Lịch sử thay đổi", "History"),
    ("graduates.level", "Cấp học", "Level"),
    (
        "graduates.locked",
        "Số liệu năm tốt nghiệp này đã khóa: báo cáo đã được duyệt, kỳ",
        "This cohort's figures are locked: report approved, period",
    ),
    ("graduates.moet_id", "Mã học sinh", "Student id"),
    ("graduates.new", "Giá trị mới", "New value"),
    ("graduates.no", "STT", "No."),
    (
        "graduates.no_follow_ups",
        "Chưa có thông tin theo dõi.",
        "No follow-up yet.",
    ),
    (
        "graduates.no_history",
        "Chưa có thay đổi nào.",
        "No change yet.",
    ),
    ("graduates.note", "Ghi chú", "Note"),
    ("graduates.old", "Giá trị cũ", "Old value"),
    ("graduates.results", "Kết quả học tập, rèn luyện", "Results"),
    ("graduates.title", "Học sinh tốt nghiệp", "Graduates"),
    ("graduates.wishes", "Nguyện vọng", "Wishes"),
    ("graduates.year", "Năm tốt nghiệp", "Graduation year"),
    ("home.due", "Việc cần làm", "What is due"),
    ("home.ended", "kết thúc ngày", "ended on"),
    (
        "home.ended_explain",
        "Tài khoản này vẫn xem được số liệu và báo cáo các kỳ trước ngày đó; công việc từ đó do các đơn vị dưới đây đảm nhận:",
        "This account still reads the figures and reports of the periods before that day; the work since is done by the units below:",
    ),
    (
        "home.learner",
        "Các chức năng dành cho học sinh và cha mẹ học sinh (trắc nghiệm sở thích nghề nghiệp, khảo sát lớp 9, gợi ý chương trình học) sẽ có ở trang này.",
        "The functions for students and parents (interest assessment, grade-9 survey, programme suggestions) will be on this page.",
    ),
    (
        "home.nothing_due",
        "Không có việc nào đến hạn.",
        "Nothing is due.",
    ),
    ("home.scope", "Phạm vi quản lý", "Scope"),
    ("home.shortcuts", "Đi tới", "Go to"),
    ("home.start", "Bắt đầu từ", "Start from"),
    ("home.title", "Trang chủ", "Home"),
    ("import.column", "Cột", "Column"),
    (
        "import.dry_run",
        "Chỉ chạy thử (kiểm tra, không ghi)",
        "Dry run (check only, write nothing)",
    ),
    ("import.error", "Lỗi", "Error"),
    (
        "import.errors_file",
        "Tải danh sách lỗi (CSV)",
        "Download the errors (CSV)",
    ),
    (
        "import.failed",
        "Hệ thống gặp lỗi khi ghi; không có dữ liệu nào được ghi. Vui lòng thử lại.",
        "The system failed while writing; nothing was written. Please try again.",
    ),
    (
        "import.file",
        "Tệp XLSX, XLS hoặc CSV",
        "XLSX, XLS or CSV file",
    ),
    (
        "import.help",
        "Tệp cần có các cột Họ và tên (hoặc Họ, Tên), Ngày sinh, Giới tính; có thể có Mã học sinh, Lớp, Dân tộc, Hướng đi sau tốt nghiệp… Dòng tiêu đề có thể nằm dưới các dòng tên văn bản.",
        "The file needs the columns Full name (or Family, Given name), Date of birth, Gender; it may have the student id, class, ethnicity, destination… The header may sit below title rows.",
    ),
    (
        "import.limit.busy",
        "Hệ thống đang bận, vui lòng thử lại sau ít phút. Không có dữ liệu nào được ghi.",
        "The system is busy, please try again in a few minutes. Nothing was written.",
    ),
    (
        "import.limit.errors_shown",
        "Trang này chỉ hiện các lỗi đầu tiên; tải danh sách lỗi (CSV) để xem đủ",
        "This page shows the first errors only; download the errors (CSV) to see them all",
    ),
    (
        "import.limit.more_warnings",
        "Số cảnh báo khác không hiện ở đây:",
        "Further warnings not shown here:",
    ),
    ("import.limit.size", "tối đa", "at most"),
    (
        "import.refused",
        "Tệp có lỗi; không có dữ liệu nào được ghi",
        "The file has errors; nothing was written",
    ),
    ("import.row", "Dòng", "Row"),
    ("import.start", "Nhập", "Import"),
    (
        "import.template",
        "Tải mẫu phân luồng (danh sách năm trước, điền hướng đi)",
        "Download the streaming workbook (last year's list, to fill in)",
    ),
    (
        "import.title",
        "Nhập danh sách từ tệp Excel",
        "Import a list from Excel",
    ),
    (
        "import.unused_columns",
        "Các cột không dùng đến",
        "Columns not used",
    ),
    ("import.value", "Giá trị", "Value"),
    ("import.whole_file", "Toàn tệp", "Whole file"),
    ("institution.commune", "Xã, phường", "Commune"),
    ("institution.graduates", "Học sinh tốt nghiệp", "Graduates"),
    ("institution.located", "Địa bàn", "Location"),
    ("institution.managed_by", "Đơn vị quản lý", "Managed by"),
    ("institution.ownership", "Loại hình", "Ownership"),
    ("login.button", "Đăng nhập", "Sign in"),
    (
        "login.expired",
        "Phiên của biểu mẫu đã hết hạn. Vui lòng đăng nhập lại.",
        "The form has expired. Please sign in again.",
    ),
    ("login.password", "Mật khẩu", "Password"),
    ("login.title", "Đăng nhập", "Sign in"),
    ("login.username", "Tên đăng nhập", "Username"),
    ("nav.audit", "Nhật ký", "Audit log"),
    (
        "nav.dashboard",
        "Chỉ tiêu và kết quả",
        "Targets and results",
    ),
    ("nav.graduates", "Học sinh tốt nghiệp", "Graduates"),
    ("nav.home", "Trang chủ", "Home"),
    ("nav.institution", "Cơ sở của tôi", "My institution"),
    ("nav.menu", "Danh mục", "Menu"),
    ("nav.reporting", "Báo cáo định kỳ", "Periodic reports"),
    ("nav.signout", "Đăng xuất", "Sign out"),
    ("nav.units", "Đơn vị hành chính", "Administrative units"),
    ("nav.upload", "Nhập danh sách", "Import a class list"),
    ("nav.users", "Người dùng", "Users"),
    (
        "notice.correction_approved",
        "Đã duyệt đề nghị điều chỉnh; hướng đi của học sinh đã được cập nhật.",
        "Correction approved; the graduate's destination has been updated.",
    ),
    (
        "notice.correction_asked",
        "Đã gửi đề nghị điều chỉnh; hướng đi sẽ đổi khi cấp trên duyệt.",
        "Correction request sent; the destination will change once the unit above approves it.",
    ),
    (
        "notice.correction_rejected",
        "Đã từ chối đề nghị điều chỉnh.",
        "Correction request refused.",
    ),
    (
        "notice.destination_saved",
        "Đã lưu hướng đi sau tốt nghiệp.",
        "Destination saved.",
    ),
    (
        "notice.follow_up_added",
        "Đã thêm thông tin theo dõi.",
        "Follow-up added.",
    ),
    ("notice.name_saved", "Đã lưu họ và tên.", "Name saved."),
    (
        "notice.report_approved",
        "Đã duyệt báo cáo; số liệu của kỳ đã được khóa.",
        "Report approved; the period's figures are now locked.",
    ),
    (
        "notice.report_returned",
        "Đã trả lại báo cáo kèm ý kiến.",
        "Report returned with your comment.",
    ),
    (
        "notice.report_sent",
        "Đã gửi báo cáo lên cấp trên.",
        "Report sent to the unit above.",
    ),
    (
        "notice.token_revoked",
        "Đã thu hồi mã truy cập.",
        "Access token revoked.",
    ),
    (
        "notice.unchanged",
        "Không có gì thay đổi; không ghi gì.",
        "Nothing changed; nothing was written.",
    ),
    ("notice.user_created", "Đã tạo người dùng.", "User created."),
    (
        "notice.user_moved",
        "Đã chuyển tài khoản sang đơn vị kế nhiệm.",
        "Account moved to the successor unit.",
    ),
    (
        "reporting.choose_province",
        "Chọn tỉnh để xem tình hình nộp báo cáo",
        "Choose a province to see its reports",
    ),
    (
        "reporting.comment",
        "Ý kiến của cấp trên",
        "Reviewer's comment",
    ),
    ("reporting.downloads", "Tải báo cáo", "Download reports"),
    ("reporting.due", "Hạn nộp", "Due"),
    (
        "reporting.explain",
        "Mỗi kỳ, nhấn “Gửi báo cáo” để gửi số liệu hiện có lên cấp trên; khi cấp trên duyệt, số liệu của kỳ được khóa.",
        "Each period, press “Send report” to send the current figures up; once approved, the period's figures are locked.",
    ),
    ("reporting.late", "Trễ hạn", "Late"),
    ("reporting.locked", "Đã khóa", "Locked"),
    (
        "reporting.none",
        "Tài khoản này không có báo cáo định kỳ phải gửi hay duyệt.",
        "This account has no periodic report to send or review.",
    ),
    (
        "reporting.note",
        "Ghi chú (không bắt buộc)",
        "Note (optional)",
    ),
    ("reporting.own", "Đơn vị báo cáo", "Reporting body"),
    ("reporting.period", "Kỳ báo cáo", "Period"),
    (
        "reporting.reviews",
        "Tình hình nộp báo cáo của cấp dưới",
        "Reports from units below",
    ),
    ("reporting.send", "Gửi báo cáo", "Send report"),
    ("reporting.sent", "Ngày gửi", "Sent on"),
    ("reporting.status", "Trạng thái", "Status"),
    ("reporting.title", "Báo cáo định kỳ", "Periodic reports"),
    (
        "reporting.went_to",
        "Báo cáo các kỳ sau do các đơn vị kế nhiệm dưới đây gửi và tổng hợp:",
        "Reports of later periods are sent and reviewed by the successor units below:",
    ),
    (
        "review.answers_for",
        "Đơn vị tổng hợp thay cho kỳ",
        "This unit reviews, for",
    ),
    ("review.approve", "Duyệt", "Approve"),
    ("review.approved", "Đã duyệt", "Approved"),
    ("review.asked", "Người đề nghị", "Asked by"),
    ("review.change", "Nội dung điều chỉnh", "Change"),
    ("review.comment", "Ý kiến", "Comment"),
    (
        "review.corrections",
        "Đề nghị điều chỉnh số liệu đã khóa",
        "Corrections of locked figures",
    ),
    ("review.decide", "Xử lý", "Decision"),
    ("review.ended_on", "kết thúc ngày", "ended on"),
    ("review.expected", "Phải nộp", "Expected"),
    ("review.filter", "Lọc", "Filter"),
    ("review.filter_all", "Tất cả", "All"),
    ("review.filter_late", "Trễ hạn", "Late"),
    (
        "review.filter_mine",
        "Chờ tôi duyệt",
        "Waiting for my decision",
    ),
    ("review.graduates", "Số HS tốt nghiệp", "Graduates"),
    ("review.group", "Thuộc", "Reports to"),
    ("review.kind_all", "Đơn vị và trường", "Units and schools"),
    ("review.kind_label", "Loại", "Type"),
    ("review.kind_schools", "Trường", "Schools"),
    (
        "review.kind_units",
        "Đơn vị hành chính",
        "Administrative units",
    ),
    ("review.late", "trễ hạn", "late"),
    ("review.missing", "Chưa nộp", "Not sent"),
    (
        "review.no_corrections",
        "Không có đề nghị điều chỉnh nào.",
        "No correction asked.",
    ),
    ("review.now_in", "Nay thuộc", "Now part of"),
    ("review.of_units", "của", "the reports of"),
    ("review.on_time", "đúng hạn", "on time"),
    ("review.on_time_one", "Đúng hạn", "On time"),
    ("review.on_time_short", "Đúng hạn", "On time"),
    ("review.order_label", "Sắp xếp", "Order"),
    ("review.order_name", "Theo tên", "By name"),
    ("review.order_sent", "Theo ngày gửi", "By date sent"),
    (
        "review.order_urgent",
        "Cần xử lý trước",
        "Needing action first",
    ),
    ("review.overdue", "Quá hạn", "Overdue by"),
    (
        "review.period_went",
        "Báo cáo kỳ này do các đơn vị dưới đây tổng hợp:",
        "The reports of this period are reviewed by the units below:",
    ),
    (
        "review.read_only",
        "Trang này chỉ để xem; báo cáo còn chờ duyệt do các đơn vị dưới đây duyệt.",
        "This page is read-only; reports still waiting are decided by the units below.",
    ),
    ("review.reason", "Lý do", "Reason"),
    ("review.reject", "Không duyệt", "Refuse"),
    ("review.return", "Trả lại", "Return"),
    ("review.search", "Tìm theo tên", "Search by name"),
    ("review.sent", "Đã nộp", "Sent"),
    ("review.shown", "Đang hiện", "Showing"),
    ("review.status_approved", "Đã duyệt", "Approved"),
    ("review.status_label", "Tình trạng", "Status"),
    ("review.status_missing", "Chưa gửi", "Not sent"),
    ("review.status_returned", "Bị trả lại", "Returned"),
    (
        "review.status_submitted",
        "Đã gửi, chờ duyệt",
        "Sent, waiting",
    ),
    ("review.submitter", "Đơn vị, trường", "Unit, school"),
    (
        "review.title",
        "Tình hình nộp báo cáo",
        "Report completeness",
    ),
    ("review.waiting_for_me", "Chờ bạn duyệt", "Waiting for you"),
    ("scope.everywhere", "Toàn quốc", "Whole country"),
    ("scope.institution", "cơ sở", "institution"),
    ("scope.unit", "đơn vị", "unit"),
    (
        "tokens.all",
        "Mã truy cập của mọi người dùng",
        "Access tokens of every user",
    ),
    ("tokens.create", "Tạo mã truy cập", "Create an access token"),
    (
        "tokens.created",
        "Mã truy cập mới — chỉ hiện một lần, hãy sao chép ngay:",
        "New access token — shown only once, copy it now:",
    ),
    ("tokens.created_at", "Tạo lúc", "Created"),
    (
        "tokens.empty",
        "Không có mã truy cập nào còn hiệu lực.",
        "No live access token.",
    ),
    ("tokens.expires_at", "Hết hạn", "Expires"),
    (
        "tokens.intro",
        "Mã truy cập cho phép một chương trình gọi API thay bạn (Authorization: Bearer …). Mã tạo ở trang này hết hiệu lực khi bạn đăng xuất hoặc khi phiên đăng nhập hết hạn; mã nào không còn dùng, hãy thu hồi.",
        "An access token lets a program call the API on your behalf (Authorization: Bearer …). A token created here ends when you sign out or when this session expires; revoke any token you no longer use.",
    ),
    (
        "tokens.label",
        "Ghi chú (không bắt buộc)",
        "Note (optional)",
    ),
    ("tokens.nav", "Mã truy cập API", "API tokens"),
    ("tokens.note", "Ghi chú", "Note"),
    ("tokens.origin", "Nguồn", "Origin"),
    (
        "tokens.origin_password",
        "Lấy bằng mật khẩu qua API",
        "Obtained with the password through the API",
    ),
    (
        "tokens.origin_session",
        "Tạo từ phiên đăng nhập",
        "Created from a signed-in session",
    ),
    ("tokens.owner", "Người dùng", "User"),
    ("tokens.revoke", "Thu hồi", "Revoke"),
    ("tokens.title", "Mã truy cập API", "API access tokens"),
    ("unit.children", "Đơn vị trực thuộc", "Subordinate units"),
    (
        "unit.dashboard",
        "Kết quả phân luồng so với chỉ tiêu",
        "Streaming against targets",
    ),
    ("unit.date", "Cây đơn vị tại ngày", "Tree as of"),
    (
        "unit.institutions",
        "Cơ sở giáo dục và doanh nghiệp trên địa bàn",
        "Institutions in the area",
    ),
    (
        "unit.no_children",
        "Không có đơn vị trực thuộc.",
        "No subordinate units.",
    ),
    (
        "unit.no_institutions",
        "Chưa có cơ sở nào trên địa bàn.",
        "No institution in this area yet.",
    ),
    ("unit.part", "một phần", "part"),
    ("unit.predecessors", "Hình thành từ", "Formed from"),
    ("unit.show", "Xem", "Show"),
    (
        "unit.successors",
        "Sau sắp xếp năm 2025 thuộc",
        "After the 2025 reform, part of",
    ),
    ("unit.valid_always", "không thời hạn", "without end"),
    ("unit.valid_from", "từ", "from"),
    ("unit.valid_until", "đến hết", "until"),
    ("unit.validity", "Hiệu lực", "Valid"),
    ("users.add", "Thêm người dùng", "Add a user"),
    ("users.display_name", "Họ và tên", "Full name"),
    ("users.move", "Chuyển tài khoản", "Move the account"),
    (
        "users.move_to",
        "Chuyển sang đơn vị kế nhiệm",
        "Move to the successor unit",
    ),
    ("users.role", "Vai trò", "Role"),
    (
        "users.scope_institution",
        "Mã cơ sở (với vai trò thuộc trường)",
        "Institution code (for institution roles)",
    ),
    (
        "users.scope_unit",
        "Mã đơn vị hành chính (với vai trò thuộc cơ quan)",
        "Unit code (for office roles)",
    ),
    ("users.title", "Người dùng", "Users"),
];

/// Looks up the text of `key` in `lang`. A missing key shows as itself, which the tests catch.
pub fn text(lang: Lang, key: &str) -> &'static str {
    match TEXTS.binary_search_by(|(k, _, _)| k.cmp(&key)) {
        Ok(i) => match lang {
            Lang::Vi => TEXTS[i].1,
            Lang::En => TEXTS[i].2,
        },
        Err(_) => "??",
    }
}

/// The label of a role, for menus and lists.
pub fn role_label(lang: Lang, role: domain::Role) -> &'static str {
    use domain::Role::*;
    match (lang, role) {
        (Lang::Vi, Admin) => "Quản trị hệ thống",
        (Lang::Vi, ProvinceOfficer) => "Cán bộ Sở GD&ĐT",
        (Lang::Vi, DistrictOfficer) => "Cán bộ Phòng GD&ĐT",
        (Lang::Vi, CommuneOfficer) => "Cán bộ UBND xã",
        (Lang::Vi, LabourOfficer) => "Cán bộ ngành Lao động",
        (Lang::Vi, SchoolStaff) => "Cán bộ, giáo viên nhà trường",
        (Lang::Vi, VocationalSchool) => "Cơ sở giáo dục nghề nghiệp",
        (Lang::Vi, Enterprise) => "Doanh nghiệp",
        (Lang::Vi, Student) => "Học sinh",
        (Lang::Vi, Parent) => "Cha mẹ học sinh",
        (Lang::En, Admin) => "Administrator",
        (Lang::En, ProvinceOfficer) => "Provincial education officer",
        (Lang::En, DistrictOfficer) => "District education officer",
        (Lang::En, CommuneOfficer) => "Commune officer",
        (Lang::En, LabourOfficer) => "Labour officer",
        (Lang::En, SchoolStaff) => "School staff",
        (Lang::En, VocationalSchool) => "Vocational school",
        (Lang::En, Enterprise) => "Enterprise",
        (Lang::En, Student) => "Student",
        (Lang::En, Parent) => "Parent",
    }
}

/// A page's handle on the strings, passed to every template as `tr`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tr(pub Lang);

impl Tr {
    pub fn t(&self, key: &str) -> &'static str {
        text(self.0, key)
    }

    pub fn lang(&self) -> &'static str {
        self.0.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_table_is_sorted_so_every_key_is_found() {
        assert!(
            TEXTS.windows(2).all(|w| w[0].0 < w[1].0),
            "TEXTS must stay sorted by key"
        );
        for (key, vi, en) in TEXTS {
            assert_eq!(text(Lang::Vi, key), *vi);
            assert_eq!(text(Lang::En, key), *en);
        }
    }

    #[test]
    fn every_key_used_by_a_template_exists() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let entries = std::fs::read_dir(dir)
            .map(|d| d.flatten().collect::<Vec<_>>())
            .unwrap_or_default();
        assert!(!entries.is_empty());
        for entry in entries {
            let body = std::fs::read_to_string(entry.path()).unwrap_or_default();
            for piece in body.split("tr.t(\"").skip(1) {
                let key = piece.split('"').next().unwrap_or_default();
                assert_ne!(
                    text(Lang::Vi, key),
                    "??",
                    "{:?} uses the unknown key {key}",
                    entry.path()
                );
            }
        }
    }
}
