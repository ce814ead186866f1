//! Scanning directives (`%YAML 1.1`, `%TAG !e! tag:example.com,2000:`), anchors and aliases
//! (`&name`, `*name`: letters, digits, `_` and `-`) and tags (`!local`, `!!str`,
//! `!e!suffix`, `!<verbatim>`), as libyaml does.

use super::error::YamlError;
use super::input::{is_alpha, is_blank, is_blankz, is_breakz, Mark};
use super::scanner::{Scanner, Tok};

type Result<T> = std::result::Result<T, YamlError>;

impl Scanner<'_> {
    pub(super) fn scan_directive(&mut self) -> Result<()> {
        let start = self.mark();
        let ctx = "while scanning a directive";
        self.input.skip();
        let mut name = String::new();
        while is_alpha(self.input.at(0)) {
            self.input.read(&mut name);
        }
        if name.is_empty() {
            return Err(YamlError::while_(
                ctx,
                start,
                "could not find expected directive name",
                self.mark(),
            ));
        }
        if !is_blankz(self.input.at(0)) {
            return Err(YamlError::while_(
                ctx,
                start,
                "found unexpected non-alphabetical character",
                self.mark(),
            ));
        }
        let tok = match name.as_str() {
            "YAML" => {
                self.skip_blanks();
                let major = self.version_number(start)?;
                if !self.input.is('.') {
                    return Err(YamlError::while_(
                        "while scanning a %YAML directive",
                        start,
                        "did not find expected digit or '.' character",
                        self.mark(),
                    ));
                }
                self.input.skip();
                Tok::Version(major, self.version_number(start)?)
            }
            "TAG" => {
                self.skip_blanks();
                let handle = self.tag_handle(true, start)?;
                if !is_blank(self.input.at(0)) {
                    return Err(YamlError::while_(
                        "while scanning a %TAG directive",
                        start,
                        "did not find expected whitespace",
                        self.mark(),
                    ));
                }
                self.skip_blanks();
                let prefix = self.tag_uri(true, true, None, start)?;
                if !is_blankz(self.input.at(0)) {
                    return Err(YamlError::while_(
                        "while scanning a %TAG directive",
                        start,
                        "did not find expected whitespace or line break",
                        self.mark(),
                    ));
                }
                Tok::TagDirective(handle, prefix)
            }
            _ => {
                return Err(YamlError::while_(
                    ctx,
                    start,
                    "found unknown directive name",
                    self.mark(),
                ))
            }
        };
        let end = self.mark();
        self.end_of_line(ctx, start)?;
        self.push(tok, start, end);
        Ok(())
    }

    fn skip_blanks(&mut self) {
        while is_blank(self.input.at(0)) {
            self.input.skip();
        }
    }

    /// Blanks, a comment, then the line break (or the end) that must close a directive or a
    /// block scalar's header; the break is consumed.
    pub(super) fn end_of_line(&mut self, ctx: &'static str, start: Mark) -> Result<()> {
        self.skip_blanks();
        if self.input.is('#') {
            while !is_breakz(self.input.at(0)) {
                self.input.skip();
            }
        }
        if !is_breakz(self.input.at(0)) {
            return Err(YamlError::while_(
                ctx,
                start,
                "did not find expected comment or line break",
                self.mark(),
            ));
        }
        self.input.skip_line();
        Ok(())
    }

    /// Up to 9 digits of a `%YAML` version.
    fn version_number(&mut self, start: Mark) -> Result<u32> {
        let mut value = 0u32;
        let mut length = 0;
        while let Some(d) = self.input.at(0).to_digit(10) {
            length += 1;
            if length > 9 {
                return Err(YamlError::while_(
                    "while scanning a %YAML directive",
                    start,
                    "found extremely long version number",
                    self.mark(),
                ));
            }
            value = value * 10 + d;
            self.input.skip();
        }
        if length == 0 {
            return Err(YamlError::while_(
                "while scanning a %YAML directive",
                start,
                "did not find expected version number",
                self.mark(),
            ));
        }
        Ok(value)
    }

    pub(super) fn scan_anchor(&mut self, anchor: bool) -> Result<()> {
        let start = self.mark();
        self.input.skip();
        let mut name = String::new();
        while is_alpha(self.input.at(0)) {
            self.input.read(&mut name);
        }
        let end = self.mark();
        let c = self.input.at(0);
        if name.is_empty() || !(is_blankz(c) || "?:,]}%@`".contains(c)) {
            let ctx = if anchor {
                "while scanning an anchor"
            } else {
                "while scanning an alias"
            };
            return Err(YamlError::while_(
                ctx,
                start,
                "did not find expected alphabetic or numeric character",
                self.mark(),
            ));
        }
        self.push(
            if anchor {
                Tok::Anchor(name)
            } else {
                Tok::Alias(name)
            },
            start,
            end,
        );
        Ok(())
    }

    pub(super) fn scan_tag(&mut self) -> Result<()> {
        let start = self.mark();
        let (handle, suffix) = if self.input.at(1) == '<' {
            self.input.skip();
            self.input.skip();
            let suffix = self.tag_uri(true, false, None, start)?;
            if !self.input.is('>') {
                return Err(YamlError::while_(
                    "while scanning a tag",
                    start,
                    "did not find the expected '>'",
                    self.mark(),
                ));
            }
            self.input.skip();
            (Vec::new(), suffix)
        } else {
            let handle = self.tag_handle(false, start)?;
            if handle.len() > 1 && handle.last() == Some(&b'!') {
                let suffix = self.tag_uri(false, false, None, start)?;
                (handle, suffix)
            } else {
                let suffix = self.tag_uri(false, false, Some(&handle), start)?;
                if suffix.is_empty() {
                    (Vec::new(), b"!".to_vec())
                } else {
                    (b"!".to_vec(), suffix)
                }
            }
        };
        let c = self.input.at(0);
        if !is_blankz(c) && (self.flow_level == 0 || c != ',') {
            return Err(YamlError::while_(
                "while scanning a tag",
                start,
                "did not find expected whitespace or line break",
                self.mark(),
            ));
        }
        self.push(Tok::Tag(handle, suffix), start, self.mark());
        Ok(())
    }

    /// `!`, `!!` or `!word!` (or, outside directives, `!word`, which the caller reads on).
    fn tag_handle(&mut self, directive: bool, start: Mark) -> Result<Vec<u8>> {
        let ctx = if directive {
            "while scanning a tag directive"
        } else {
            "while scanning a tag"
        };
        if !self.input.is('!') {
            return Err(YamlError::while_(
                ctx,
                start,
                "did not find expected '!'",
                self.mark(),
            ));
        }
        let mut s = String::new();
        self.input.read(&mut s);
        while is_alpha(self.input.at(0)) {
            self.input.read(&mut s);
        }
        if self.input.is('!') {
            self.input.read(&mut s);
        } else if directive && s != "!" {
            return Err(YamlError::while_(
                ctx,
                start,
                "did not find expected '!'",
                self.mark(),
            ));
        }
        Ok(s.into_bytes())
    }

    /// URI characters and `%xx` escapes; `head` (a handle read too far) starts it, less its `!`.
    fn tag_uri(
        &mut self,
        uri_char: bool,
        directive: bool,
        head: Option<&[u8]>,
        start: Mark,
    ) -> Result<Vec<u8>> {
        let mut out: Vec<u8> = head
            .map(|h| h.get(1..).unwrap_or_default().to_vec())
            .unwrap_or_default();
        let mut length = head.map_or(0, <[u8]>::len);
        loop {
            let c = self.input.at(0);
            let ok =
                is_alpha(c) || ";/?:@&=+$.%!~*'()".contains(c) || (uri_char && ",[]".contains(c));
            if !ok || c == '\0' {
                break;
            }
            if c == '%' {
                self.uri_escapes(directive, start, &mut out)?;
            } else {
                let mut s = String::new();
                self.input.read(&mut s);
                out.extend_from_slice(s.as_bytes());
            }
            length += 1;
        }
        if length == 0 {
            let ctx = if directive {
                "while parsing a %TAG directive"
            } else {
                "while parsing a tag"
            };
            return Err(YamlError::while_(
                ctx,
                start,
                "did not find expected tag URI",
                self.mark(),
            ));
        }
        Ok(out)
    }

    /// One UTF-8 sequence written as `%xx` escapes.
    fn uri_escapes(&mut self, directive: bool, start: Mark, out: &mut Vec<u8>) -> Result<()> {
        let ctx = if directive {
            "while parsing a %TAG directive"
        } else {
            "while parsing a tag"
        };
        let mut width = 0;
        loop {
            let (hi, lo) = (self.input.at(1).to_digit(16), self.input.at(2).to_digit(16));
            let (Some(hi), Some(lo), true) = (hi, lo, self.input.is('%')) else {
                return Err(YamlError::while_(
                    ctx,
                    start,
                    "did not find URI escaped octet",
                    self.mark(),
                ));
            };
            let octet = (hi * 16 + lo) as u8;
            if width == 0 {
                width = match octet {
                    0x00..=0x7f => 1,
                    _ if octet & 0xe0 == 0xc0 => 2,
                    _ if octet & 0xf0 == 0xe0 => 3,
                    _ if octet & 0xf8 == 0xf0 => 4,
                    _ => {
                        return Err(YamlError::while_(
                            ctx,
                            start,
                            "found an incorrect leading UTF-8 octet",
                            self.mark(),
                        ))
                    }
                };
            } else if octet & 0xc0 != 0x80 {
                return Err(YamlError::while_(
                    ctx,
                    start,
                    "found an incorrect trailing UTF-8 octet",
                    self.mark(),
                ));
            }
            out.push(octet);
            (0..3).for_each(|_| self.input.skip());
            width -= 1;
            if width == 0 {
                return Ok(());
            }
        }
    }
}
