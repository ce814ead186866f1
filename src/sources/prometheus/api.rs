//! Decoding Prometheus HTTP API responses: the envelope, vector/matrix/scalar results, string
//! values ("NaN", "+Inf", "1e+00"), float-second timestamps (kept to the millisecond), and the
//! `warnings`/`infos` that must be shown next to the data.

use serde::Deserialize;

use crate::core::model::{Labels, Notice, NoticeLevel, Sample, Series};
use crate::sources::error::{check_status, excerpt, SourceError};
use crate::sources::http::HttpResponse;

#[derive(Deserialize)]
struct Envelope<T> {
    status: String,
    #[serde(default = "Option::default")]
    data: Option<T>,
    #[serde(default, rename = "errorType")]
    error_type: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    warnings: Vec<String>,
    #[serde(default)]
    infos: Vec<String>,
}

#[derive(Deserialize)]
#[serde(tag = "resultType", content = "result", rename_all = "lowercase")]
enum QueryData {
    Matrix(Vec<MatrixItem>),
    Vector(Vec<VectorItem>),
    Scalar((f64, String)),
    String((f64, String)),
}

#[derive(Deserialize)]
struct MatrixItem {
    #[serde(default)]
    metric: Labels,
    #[serde(default)]
    values: Values,
}

/// A series' `values`, read straight into samples: a value's text is parsed where it lies in
/// the body, never copied into a string of its own (12,000 samples were 12,000 allocations).
#[derive(Default)]
struct Values {
    samples: Vec<Sample>,
    /// Why the first value that is not a number is not.
    bad: Option<String>,
}

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Values, D::Error> {
        struct Pairs;
        impl<'de> serde::de::Visitor<'de> for Pairs {
            type Value = Values;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of [time, \"value\"] pairs")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Values, A::Error> {
                let mut out = Values::default();
                while let Some((t, ValueText(v))) = seq.next_element::<(f64, ValueText)>()? {
                    match v {
                        Ok(v) => out.samples.push(Sample {
                            t_ms: seconds_to_ms(t),
                            v,
                        }),
                        Err(e) => {
                            out.bad.get_or_insert(e);
                        }
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_seq(Pairs)
    }
}

/// A sample's value as Prometheus writes it (a string: "1.5", "NaN", "+Inf"), parsed.
struct ValueText(Result<f64, String>);

impl<'de> Deserialize<'de> for ValueText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ValueText, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = ValueText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a sample value as a string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<ValueText, E> {
                Ok(ValueText(parse_value(s)))
            }
        }
        d.deserialize_str(Text)
    }
}

#[derive(Deserialize)]
struct VectorItem {
    #[serde(default)]
    metric: Labels,
    value: (f64, String),
}

/// Float seconds → integer milliseconds, rounding away the binary noise of `1435781430.781`.
pub fn seconds_to_ms(t: f64) -> i64 {
    (t * 1000.0).round() as i64
}

use crate::core::model::parse_value;

fn sample(url: &str, t: f64, v: &str) -> Result<Sample, SourceError> {
    let v = parse_value(v).map_err(|detail| SourceError::Malformed {
        url: url.to_string(),
        detail,
    })?;
    Ok(Sample {
        t_ms: seconds_to_ms(t),
        v,
    })
}

/// Decodes a `query`/`query_range` answer into series plus notices.
pub fn decode_query(
    url: &str,
    resp: &HttpResponse,
) -> Result<(Vec<Series>, Vec<Notice>), SourceError> {
    let (data, notices) = decode_envelope::<QueryData>(url, resp)?;
    let series = match data {
        QueryData::Matrix(items) => items
            .into_iter()
            .map(|m| match m.values.bad {
                Some(detail) => Err(SourceError::Malformed {
                    url: url.to_string(),
                    detail,
                }),
                None => Ok(Series {
                    labels: m.metric,
                    samples: m.values.samples,
                }),
            })
            .collect::<Result<Vec<_>, SourceError>>()?,
        QueryData::Vector(items) => items
            .into_iter()
            .map(|m| {
                Ok(Series {
                    labels: m.metric,
                    samples: vec![sample(url, m.value.0, &m.value.1)?],
                })
            })
            .collect::<Result<Vec<_>, SourceError>>()?,
        QueryData::Scalar((t, v)) | QueryData::String((t, v)) => vec![Series {
            labels: Labels::new(),
            samples: vec![sample(url, t, &v)?],
        }],
    };
    Ok((series, notices))
}

/// Decodes any endpoint's envelope. A JSON `status:error` body wins over the HTTP status (it
/// says more); a non-JSON error body becomes an HTTP error with an excerpt.
pub fn decode_envelope<T: for<'de> Deserialize<'de>>(
    url: &str,
    resp: &HttpResponse,
) -> Result<(T, Vec<Notice>), SourceError> {
    let env: Envelope<T> = match serde_json::from_slice(&resp.body) {
        Ok(env) => env,
        Err(e) => {
            check_status(url, resp)?;
            let detail = if e.is_eof() {
                format!(
                    "the JSON ends early ({} bytes received): the response was truncated",
                    resp.body.len()
                )
            } else if resp.body.first().is_some_and(|b| *b == b'<') {
                format!("expected JSON, got HTML: {}", excerpt(&resp.body))
            } else {
                format!("invalid JSON: {e}")
            };
            return Err(SourceError::Malformed {
                url: url.to_string(),
                detail,
            });
        }
    };
    if env.status != "success" {
        if matches!(resp.status, 401 | 403 | 429) {
            check_status(url, resp)?;
        }
        return Err(SourceError::Api {
            error_type: env
                .error_type
                .unwrap_or_else(|| format!("HTTP {}", resp.status)),
            error: env.error.unwrap_or_else(|| "no error text".into()),
        });
    }
    check_status(url, resp)?;
    let data = env.data.ok_or_else(|| SourceError::Malformed {
        url: url.to_string(),
        detail: "status is success but there is no data".into(),
    })?;
    let mut notices: Vec<Notice> = env
        .warnings
        .into_iter()
        .map(|text| Notice {
            level: NoticeLevel::Warning,
            text,
        })
        .collect();
    notices.extend(env.infos.into_iter().map(|text| Notice {
        level: NoticeLevel::Info,
        text,
    }));
    Ok((data, notices))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &str) -> HttpResponse {
        HttpResponse {
            status: 200,
            headers: vec![],
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn decodes_matrix_with_special_values_and_ms_timestamps() {
        let body = r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"a"},"values":[[1435781430.781,"1"],[1435781445.781,"NaN"],[1435781460.781,"+Inf"],[1435781475.781,"-Inf"],[1435781490.781,"1e+00"]]}]},"warnings":["partial"],"infos":["i"]}"#;
        let (s, n) = decode_query("u", &ok(body)).unwrap();
        assert_eq!(s[0].labels["job"], "a");
        let v: Vec<f64> = s[0].samples.iter().map(|x| x.v).collect();
        assert!(v[1].is_nan() && v[2] == f64::INFINITY && v[3] == f64::NEG_INFINITY && v[4] == 1.0);
        assert_eq!(s[0].samples[0].t_ms, 1_435_781_430_781);
        assert_eq!(n.len(), 2);
        assert_eq!(n[0].level, NoticeLevel::Warning);
    }

    #[test]
    fn matrix_values_escaped_or_not_numbers() {
        // An escaped value reads as its text; the first value that is not a number is the
        // error, named as parse_value names it.
        let body = r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1\u0032"]]},{"metric":{},"values":[[1,"2"],[2,"x"],[3,"y"]]}]}}"#;
        let err = decode_query("u", &ok(body)).unwrap_err();
        let detail = parse_value("x").unwrap_err();
        assert_eq!(
            err,
            SourceError::Malformed {
                url: "u".into(),
                detail
            }
        );
        let body = body.replace(r#",[2,"x"],[3,"y"]"#, "");
        let (s, _) = decode_query("u", &ok(&body)).unwrap();
        assert_eq!(
            s[0].samples,
            vec![Sample {
                t_ms: 1000,
                v: 12.0
            }]
        );
        assert_eq!(s[1].samples, vec![Sample { t_ms: 1000, v: 2.0 }]);
    }

    #[test]
    fn decodes_vector_and_scalar() {
        let (s, _) = decode_query("u", &ok(r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1.5,"2"]}]}}"#)).unwrap();
        assert_eq!(s[0].samples, vec![Sample { t_ms: 1500, v: 2.0 }]);
        let (s, _) = decode_query(
            "u",
            &ok(r#"{"status":"success","data":{"resultType":"scalar","result":[2,"3.5"]}}"#),
        )
        .unwrap();
        assert_eq!(s[0].samples[0].v, 3.5);
    }

    #[test]
    fn api_errors_truncation_and_html() {
        let resp = HttpResponse {
            status: 400,
            headers: vec![],
            body: br#"{"status":"error","errorType":"bad_data","error":"parse error at char 4"}"#
                .to_vec(),
        };
        assert_eq!(
            decode_query("u", &resp).unwrap_err(),
            SourceError::Api {
                error_type: "bad_data".into(),
                error: "parse error at char 4".into()
            }
        );
        let e = decode_query("u", &ok(r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"#)).unwrap_err();
        assert!(e.to_string().contains("truncated"), "{e}");
        let html = HttpResponse {
            status: 502,
            headers: vec![],
            body: b"<html><h1>Bad Gateway</h1></html>".to_vec(),
        };
        assert!(matches!(
            decode_query("u", &html).unwrap_err(),
            SourceError::Http { status: 502, .. }
        ));
        let e = decode_query("u", &ok(r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"abc"]}]}}"#)).unwrap_err();
        assert!(e.to_string().contains("\"abc\" is not a sample value"));
    }
}
