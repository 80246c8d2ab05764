//! What an audit row touched, as stored (`user:17`, `job:12`, `enterprise:9143…`) and as
//! its reader names it (用户 #17, 导入任务 #12 “长沙名录.xlsx”).

use crate::Lang;

use super::note::city_name;

/// An audit row's object, read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectRef<'a> {
    User(i64),
    /// A login attempt for a username that does not exist.
    Username(&'a str),
    /// By credit code, or by id where the store wrote one.
    Enterprise(&'a str),
    /// An import or re-screening job.
    Job(i64),
    Organisation(i64),
    Dishonest(i64),
    Province(&'a str),
    /// The directory as a whole (an export).
    Directory,
    AuditLog,
    EligibilityRules,
    Session,
    Other(&'a str),
}

impl<'a> ObjectRef<'a> {
    pub fn parse(object: &'a str) -> ObjectRef<'a> {
        let id = |s: &str| s.parse::<i64>().ok();
        match object.split_once(':') {
            Some(("user", n)) => id(n).map_or(ObjectRef::Other(object), ObjectRef::User),
            Some(("username", name)) => ObjectRef::Username(name),
            Some(("enterprise", code)) => ObjectRef::Enterprise(code),
            Some(("job", n)) => id(n).map_or(ObjectRef::Other(object), ObjectRef::Job),
            Some(("organisation", n)) => {
                id(n).map_or(ObjectRef::Other(object), ObjectRef::Organisation)
            }
            Some(("dishonest", n)) => id(n).map_or(ObjectRef::Other(object), ObjectRef::Dishonest),
            Some(("province", code)) => ObjectRef::Province(code),
            Some(("eligibility_rules", _)) => ObjectRef::EligibilityRules,
            _ => match object {
                "enterprises" => ObjectRef::Directory,
                "audit_log" => ObjectRef::AuditLog,
                "session" => ObjectRef::Session,
                other => ObjectRef::Other(other),
            },
        }
    }

    /// The job an object names, whose file name the reader will want to see.
    pub fn job_id(&self) -> Option<i64> {
        match self {
            ObjectRef::Job(id) => Some(*id),
            _ => None,
        }
    }
}

/// An object in the reader's words; `job_file` is the name of the job's file as the user
/// had it, when the caller looked it up.
pub fn describe_object(object: &str, lang: Lang, job_file: Option<&str>) -> String {
    match ObjectRef::parse(object) {
        ObjectRef::User(id) => format!("{} #{id}", lang.pick("用户", "user")),
        ObjectRef::Username(name) => format!("{} {name}", lang.pick("用户名", "username")),
        ObjectRef::Enterprise(code) if code.len() == 18 => {
            format!("{} {code}", lang.pick("企业", "enterprise"))
        }
        ObjectRef::Enterprise(id) => format!("{} #{id}", lang.pick("企业", "enterprise")),
        ObjectRef::Job(id) => {
            let job = format!("{} #{id}", lang.pick("导入任务", "import"));
            match (job_file, lang) {
                (Some(file), Lang::Zh) => format!("{job}“{file}”"),
                (Some(file), Lang::En) => format!("{job} \"{file}\""),
                (None, _) => job,
            }
        }
        ObjectRef::Organisation(id) => format!("{} #{id}", lang.pick("机构", "organisation")),
        ObjectRef::Dishonest(id) => {
            format!(
                "{} #{id}",
                lang.pick("失信名单条目", "dishonest-list entry")
            )
        }
        ObjectRef::Province(code) => city_name(code, lang),
        ObjectRef::Directory => lang.pick("企业名录", "enterprise directory").into(),
        ObjectRef::AuditLog => lang.pick("审计日志", "audit log").into(),
        ObjectRef::EligibilityRules => lang.pick("遴选条件", "eligibility rules").into(),
        ObjectRef::Session => lang.pick("会话", "session").into(),
        ObjectRef::Other(text) => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_read_as_their_reader_names_them() {
        assert_eq!(describe_object("user:17", Lang::Zh, None), "用户 #17");
        assert_eq!(
            describe_object("job:12", Lang::Zh, Some("长沙名录.xlsx")),
            "导入任务 #12“长沙名录.xlsx”"
        );
        assert_eq!(
            describe_object("job:12", Lang::En, Some("list.xlsx")),
            "import #12 \"list.xlsx\""
        );
        assert_eq!(describe_object("province:430000", Lang::Zh, None), "湖南省");
        assert_eq!(
            describe_object("enterprises", Lang::En, None),
            "enterprise directory"
        );
        assert_eq!(describe_object("whatever", Lang::Zh, None), "whatever");
        assert_eq!(ObjectRef::parse("job:3").job_id(), Some(3));
    }
}
