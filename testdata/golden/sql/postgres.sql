-- icp sql --dialect postgres: profile "2025-Q4 draft" (icp.yaml, sha256 f66d09836cf1).
-- Returns every column of the table plus icp_score, icp_tier and icp_reasons,
-- computed as `icp score` computes them. Columns named icp__* are the query's own.
WITH
icp__s0 AS MATERIALIZED (
  SELECT
    icp__t AS icp__row,
    COALESCE(CAST("employees" AS TEXT), '') AS icp__a0,
    COALESCE(CAST("industry" AS TEXT), '') AS icp__a1,
    COALESCE(CAST("tech_stack" AS TEXT), '') AS icp__a2,
    COALESCE(CAST("business_model" AS TEXT), '') AS icp__a3,
    COALESCE(CAST("funding_stage" AS TEXT), '') AS icp__a4
  FROM "accounts" AS icp__t
),
icp__s1 AS MATERIALIZED (
  SELECT
    icp__s0.*,
    regexp_replace(icp__a0, E'^[\t\n\x0b\x0c\r \u00a0\u202f\u2009]+|[\t\n\x0b\x0c\r \u00a0\u202f\u2009]+$', '', 'g') AS icp__a0_num_text,
    (TRANSLATE(regexp_replace(icp__a1, E'^[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]+$', '', 'g'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') IN ('', '-', '--', 'n/a', 'null', 'none', 'nan', '#n/a', '(blank)', '?', 'nil', 'undefined')) AS icp__a1_missing,
    LOWER(regexp_replace(regexp_replace(icp__a1, E'^[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]+$', '', 'g'), E'[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g')) AS icp__a1_fold,
    (TRANSLATE(regexp_replace(icp__a3, E'^[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]+$', '', 'g'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') IN ('', '-', '--', 'n/a', 'null', 'none', 'nan', '#n/a', '(blank)', '?', 'nil', 'undefined')) AS icp__a3_missing,
    LOWER(regexp_replace(regexp_replace(icp__a3, E'^[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]+$', '', 'g'), E'[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g')) AS icp__a3_fold,
    (TRANSLATE(regexp_replace(icp__a4, E'^[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]+$', '', 'g'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') IN ('', '-', '--', 'n/a', 'null', 'none', 'nan', '#n/a', '(blank)', '?', 'nil', 'undefined')) AS icp__a4_missing,
    LOWER(regexp_replace(regexp_replace(icp__a4, E'^[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]+$', '', 'g'), E'[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g')) AS icp__a4_fold
  FROM icp__s0
),
icp__s2 AS MATERIALIZED (
  SELECT
    icp__s1.*,
    char_length(icp__a0_num_text) >= 2 AND (icp__a0_num_text ~ '^[(]') AND (icp__a0_num_text ~ '[)]$') AS icp__a0_paren,
    CASE WHEN char_length(icp__a0_num_text) >= 2 AND (icp__a0_num_text ~ '^[(]') AND (icp__a0_num_text ~ '[)]$') THEN regexp_replace(SUBSTR(icp__a0_num_text, 2, char_length(icp__a0_num_text) - 2), E'^[\t\n\x0b\x0c\r \u00a0\u202f\u2009]+|[\t\n\x0b\x0c\r \u00a0\u202f\u2009]+$', '', 'g') ELSE icp__a0_num_text END AS icp__a0_num_inner
  FROM icp__s1
),
icp__s3 AS MATERIALIZED (
  SELECT
    icp__s2.*,
    CASE WHEN icp__a0_paren THEN (icp__a0_num_inner ~ E'^((([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|[A-Za-z][A-Za-z]?[$]|kr)[\t\n\x0b\x0c\r \u00a0\u202f\u2009]*[0-9.,]([0-9., ''\u00a0\u202f\u2009]*[0-9.])?([eE][-+]?[0-9]+[.]?)?([\t\n\x0b\x0c\r \u00a0\u202f\u2009]*([%]|([mM][mMnN]|[bB][nN]|[kKmMbB])))?|[0-9.,]([0-9., ''\u00a0\u202f\u2009]*[0-9.])?([eE][-+]?[0-9]+[.]?)?([\t\n\x0b\x0c\r \u00a0\u202f\u2009]*[%][\t\n\x0b\x0c\r \u00a0\u202f\u2009]*(([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr)?|[\t\n\x0b\x0c\r \u00a0\u202f\u2009]*([mM][mMnN]|[bB][nN]|[kKmMbB])([\t\n\x0b\x0c\r \u00a0\u202f\u2009]*([$]|€|£|¥|₹|₩|₽|₺|₪)|[\t\n\x0b\x0c\r \u00a0\u202f\u2009]+(([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr))?|[\t\n\x0b\x0c\r \u00a0\u202f\u2009]*(([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr)?))$') ELSE (icp__a0_num_inner ~ E'^(([-+−][\t\n\x0b\x0c\r \u00a0\u202f\u2009]*)?((([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|[A-Za-z][A-Za-z]?[$]|kr)[\t\n\x0b\x0c\r \u00a0\u202f\u2009]*[0-9.,]([0-9., ''\u00a0\u202f\u2009]*[0-9.])?([eE][-+]?[0-9]+[.]?)?([\t\n\x0b\x0c\r \u00a0\u202f\u2009]*([%]|([mM][mMnN]|[bB][nN]|[kKmMbB])))?|[0-9.,]([0-9., ''\u00a0\u202f\u2009]*[0-9.])?([eE][-+]?[0-9]+[.]?)?([\t\n\x0b\x0c\r \u00a0\u202f\u2009]*[%][\t\n\x0b\x0c\r \u00a0\u202f\u2009]*(([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr)?|[\t\n\x0b\x0c\r \u00a0\u202f\u2009]*([mM][mMnN]|[bB][nN]|[kKmMbB])([\t\n\x0b\x0c\r \u00a0\u202f\u2009]*([$]|€|£|¥|₹|₩|₽|₺|₪)|[\t\n\x0b\x0c\r \u00a0\u202f\u2009]+(([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr))?|[\t\n\x0b\x0c\r \u00a0\u202f\u2009]*(([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr)?))|(([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|[A-Za-z][A-Za-z]?[$]|kr)[\t\n\x0b\x0c\r \u00a0\u202f\u2009]*[-+−][\t\n\x0b\x0c\r \u00a0\u202f\u2009]*[0-9.,]([0-9., ''\u00a0\u202f\u2009]*[0-9.])?([eE][-+]?[0-9]+[.]?)?([\t\n\x0b\x0c\r \u00a0\u202f\u2009]*([%]|([mM][mMnN]|[bB][nN]|[kKmMbB])))?)$') END AS icp__a0_num_ok,
    icp__a0_paren OR (icp__a0_num_inner ~ E'^((([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|[A-Za-z][A-Za-z]?[$]|kr)[\t\n\x0b\x0c\r \u00a0\u202f\u2009]*)?[-−]') AS icp__a0_num_neg,
    CASE WHEN (icp__a0_num_inner ~ E'[0-9.][\t\n\x0b\x0c\r \u00a0\u202f\u2009]*[bB][nN]?[\t\n\x0b\x0c\r \u00a0\u202f\u2009]*(([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr)?$') THEN 'e9' WHEN (icp__a0_num_inner ~ E'[0-9.][\t\n\x0b\x0c\r \u00a0\u202f\u2009]*[mM][mMnN]?[\t\n\x0b\x0c\r \u00a0\u202f\u2009]*(([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr)?$') THEN 'e6' WHEN (icp__a0_num_inner ~ E'[0-9.][\t\n\x0b\x0c\r \u00a0\u202f\u2009]*[kK][\t\n\x0b\x0c\r \u00a0\u202f\u2009]*(([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr)?$') THEN 'e3' ELSE '' END AS icp__a0_num_scale,
    regexp_replace(regexp_replace(icp__a0_num_inner, '^[^0-9.,]+', '', 'g'), '[^0-9.,]+$', '', 'g') AS icp__a0_num_body
  FROM icp__s2
),
icp__s4 AS MATERIALIZED (
  SELECT
    icp__s3.*,
    CASE WHEN (icp__a0_num_body ~ '^[^.]*[0-9][.]$') THEN SUBSTR(icp__a0_num_body, 1, char_length(icp__a0_num_body) - 1) ELSE icp__a0_num_body END AS icp__a0_num_b
  FROM icp__s3
),
icp__s5 AS MATERIALIZED (
  SELECT
    icp__s4.*,
    CASE
      WHEN char_length(icp__a0_num_b) > 200 THEN NULL
      WHEN (icp__a0_num_b ~ '^([0-9]+([.][0-9]+)?|[.][0-9]+)([eE][-+]?0*[0-9]{1,2})?$') THEN icp__a0_num_b
      WHEN (icp__a0_num_b ~ '^0,[0-9]{3}$') THEN REPLACE(icp__a0_num_b, ',', '.')
      WHEN (icp__a0_num_b ~ '^[0-9]{1,3}(,[0-9]{2,3})*,[0-9]{3}([.][0-9]+)?$') THEN REPLACE(icp__a0_num_b, ',', '')
      WHEN (icp__a0_num_b ~ '^[0-9]*,[0-9]+([eE][-+]?0*[0-9]{1,2})?$') AND NOT (icp__a0_num_b ~ '^([1-9][0-9]{0,2}|0[0-9]{1,2}),[0-9]{3}([eE]|$)') THEN REPLACE(icp__a0_num_b, ',', '.')
      WHEN (icp__a0_num_b ~ '^[0-9]{1,3}([.][0-9]{2,3})*[.][0-9]{3}(,[0-9]+)?$') OR (icp__a0_num_b ~ '^[0-9]{1,3}([.][0-9]{2,3})+[.][0-9]{3}$') THEN REPLACE(REPLACE(icp__a0_num_b, '.', ''), ',', '.')
      WHEN (icp__a0_num_b ~ E'^[0-9]{1,3}([ ''\u00a0\u202f\u2009][0-9]{2,3})*[ ''\u00a0\u202f\u2009][0-9]{3}([.,][0-9]+)?$') THEN REPLACE(regexp_replace(icp__a0_num_b, E'[ ''\u00a0\u202f\u2009]', '', 'g'), ',', '.')
    END AS icp__a0_num_plain
  FROM icp__s4
),
icp__s6 AS MATERIALIZED (
  SELECT
    icp__s5.*,
    CASE WHEN (icp__a0 ~ '^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?0*[0-9]{1,2})?$') AND char_length(icp__a0) <= 200 THEN CAST(icp__a0 AS DOUBLE PRECISION) WHEN icp__a0_num_ok AND icp__a0_num_plain IS NOT NULL AND NOT (icp__a0_num_scale <> '' AND (icp__a0_num_plain ~ '[eE]')) THEN CAST(CASE WHEN icp__a0_num_neg THEN '-' ELSE '' END || icp__a0_num_plain || icp__a0_num_scale AS DOUBLE PRECISION) END AS icp__a0_number
  FROM icp__s5
),
icp__s7 AS MATERIALIZED (
  SELECT
    icp__s6.*,
    COALESCE(icp__a0_number IS NOT NULL AND icp__a0_number >= CAST(240 AS DOUBLE PRECISION) AND icp__a0_number < CAST(2100 AS DOUBLE PRECISION), FALSE) AS icp__c0,
    COALESCE(icp__a0_number IS NOT NULL, FALSE) AS icp__c0_present,
    COALESCE(NOT icp__a1_missing AND COALESCE(icp__a1_fold IN ('fintech', 'saas'), FALSE), FALSE) AS icp__c1,
    COALESCE(NOT icp__a1_missing, FALSE) AS icp__c1_present,
    COALESCE(NOT (TRANSLATE(icp__a2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') ~ E'^[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]*([;|][\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]*)*$') AND (LOWER(icp__a2) ~ E'(^|[;|])[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]*(snowflake)[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]*([;|]|$)'), FALSE) AS icp__c2,
    COALESCE(NOT (TRANSLATE(icp__a2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') ~ E'^[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]*([;|][\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[\t\n\x0b\x0c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000]*)*$'), FALSE) AS icp__c2_present,
    COALESCE(NOT icp__a3_missing AND COALESCE(icp__a3_fold IN ('b2c'), FALSE), FALSE) AS icp__n0,
    COALESCE(NOT icp__a4_missing AND COALESCE(icp__a4_fold IN ('bootstrapped'), FALSE), FALSE) AS icp__n1
  FROM icp__s6
),
icp__s8 AS MATERIALIZED (
  SELECT
    icp__s7.*,
    LEAST(100, GREATEST(0, 40 + CASE WHEN icp__c0 THEN 20 ELSE 0 END + CASE WHEN icp__c1 THEN 20 ELSE 0 END + CASE WHEN icp__c2 THEN 20 ELSE 0 END + CASE WHEN icp__n0 THEN -19 ELSE 0 END + CASE WHEN icp__n1 THEN -21 ELSE 0 END)) AS icp__score,
    icp__c0 AND icp__c1 AND NOT icp__n0 AND NOT icp__n1 AS icp__sweet_spot,
    FALSE AS icp__disqualified,
    CASE WHEN icp__c0 THEN ' & Employees: 240 to 2,100' ELSE '' END
      || CASE WHEN icp__c1 THEN ' & Industry: FinTech or SaaS' ELSE '' END
      || CASE WHEN icp__c2 THEN ' & Uses Snowflake' ELSE '' END AS icp__reasons0,
    CASE WHEN NOT icp__c0 AND icp__c0_present THEN ' & Employees: 240 to 2,100' ELSE '' END
      || CASE WHEN NOT icp__c1 AND icp__c1_present THEN ' & Industry: FinTech or SaaS' ELSE '' END
      || CASE WHEN NOT icp__c2 AND icp__c2_present THEN ' & Uses Snowflake' ELSE '' END AS icp__reasons1,
    CASE WHEN NOT icp__c0 AND NOT icp__c0_present THEN ' & Employees: 240 to 2,100' ELSE '' END
      || CASE WHEN NOT icp__c1 AND NOT icp__c1_present THEN ' & Industry: FinTech or SaaS' ELSE '' END
      || CASE WHEN NOT icp__c2 AND NOT icp__c2_present THEN ' & Uses Snowflake' ELSE '' END AS icp__reasons2,
    CASE WHEN icp__n0 THEN ' & Business model: B2C' ELSE '' END
      || CASE WHEN icp__n1 THEN ' & Funding stage: Bootstrapped' ELSE '' END AS icp__reasons3
  FROM icp__s7
)
SELECT
  (icp__row).*,
  icp__score AS icp_score,
  CASE
    WHEN icp__disqualified THEN 'disqualified'
    WHEN icp__sweet_spot AND icp__score >= 0 THEN 'A'
    WHEN icp__score >= 59 THEN 'B'
    WHEN icp__score >= 39 THEN 'C'
    WHEN icp__score >= 0 THEN 'D'
    ELSE 'D'
  END AS icp_tier,
  SUBSTR((
    CASE WHEN icp__reasons0 <> '' THEN '; matched: ' || SUBSTR(icp__reasons0, 4) ELSE '' END
    || CASE WHEN icp__reasons1 <> '' THEN '; missed: ' || SUBSTR(icp__reasons1, 4) ELSE '' END
    || CASE WHEN icp__reasons2 <> '' THEN '; blank: ' || SUBSTR(icp__reasons2, 4) ELSE '' END
    || CASE WHEN icp__reasons3 <> '' THEN '; lowered by: ' || SUBSTR(icp__reasons3, 4) ELSE '' END
  ), 3) AS icp_reasons
FROM icp__s8;
