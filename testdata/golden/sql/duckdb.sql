-- icp sql --dialect duckdb: profile "2025-Q4 draft" (icp.yaml, sha256 f66d09836cf1).
-- Returns every column of the table plus icp_score, icp_tier and icp_reasons,
-- computed as `icp score` computes them. Columns named icp__* are the query's own.
WITH
icp__s0 AS MATERIALIZED (
  SELECT
    icp__t.*,
    COALESCE(CAST("employees" AS VARCHAR), '') AS icp__a0,
    COALESCE(CAST("industry" AS VARCHAR), '') AS icp__a1,
    COALESCE(CAST("tech_stack" AS VARCHAR), '') AS icp__a2,
    COALESCE(CAST("business_model" AS VARCHAR), '') AS icp__a3,
    COALESCE(CAST("funding_stage" AS VARCHAR), '') AS icp__a4
  FROM "accounts" AS icp__t
),
icp__s1 AS MATERIALIZED (
  SELECT
    icp__s0.*,
    regexp_replace(icp__a0, '^[	
    ]+|[	
    ]+$', '', 'g') AS icp__a0_num_text,
    (TRANSLATE(regexp_replace(icp__a1, '^[	
                  　]+|[	
                  　]+$', '', 'g'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') IN ('', '-', '--', 'n/a', 'null', 'none', 'nan', '#n/a', '(blank)', '?', 'nil', 'undefined')) AS icp__a1_missing,
    LOWER(regexp_replace(regexp_replace(icp__a1, '^[	
                  　]+|[	
                  　]+$', '', 'g'), '[	
                  　]+', ' ', 'g')) AS icp__a1_fold,
    (TRANSLATE(regexp_replace(icp__a3, '^[	
                  　]+|[	
                  　]+$', '', 'g'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') IN ('', '-', '--', 'n/a', 'null', 'none', 'nan', '#n/a', '(blank)', '?', 'nil', 'undefined')) AS icp__a3_missing,
    LOWER(regexp_replace(regexp_replace(icp__a3, '^[	
                  　]+|[	
                  　]+$', '', 'g'), '[	
                  　]+', ' ', 'g')) AS icp__a3_fold,
    (TRANSLATE(regexp_replace(icp__a4, '^[	
                  　]+|[	
                  　]+$', '', 'g'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') IN ('', '-', '--', 'n/a', 'null', 'none', 'nan', '#n/a', '(blank)', '?', 'nil', 'undefined')) AS icp__a4_missing,
    LOWER(regexp_replace(regexp_replace(icp__a4, '^[	
                  　]+|[	
                  　]+$', '', 'g'), '[	
                  　]+', ' ', 'g')) AS icp__a4_fold
  FROM icp__s0
),
icp__s2 AS MATERIALIZED (
  SELECT
    icp__s1.*,
    char_length(icp__a0_num_text) >= 2 AND regexp_matches(icp__a0_num_text, '^[(]') AND regexp_matches(icp__a0_num_text, '[)]$') AS icp__a0_paren,
    CASE WHEN char_length(icp__a0_num_text) >= 2 AND regexp_matches(icp__a0_num_text, '^[(]') AND regexp_matches(icp__a0_num_text, '[)]$') THEN regexp_replace(SUBSTR(icp__a0_num_text, 2, char_length(icp__a0_num_text) - 2), '^[	
    ]+|[	
    ]+$', '', 'g') ELSE icp__a0_num_text END AS icp__a0_num_inner
  FROM icp__s1
),
icp__s3 AS MATERIALIZED (
  SELECT
    icp__s2.*,
    CASE WHEN icp__a0_paren THEN regexp_matches(icp__a0_num_inner, '^((([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|[A-Za-z][A-Za-z]?[$]|kr)[	
    ]*[0-9.,]([0-9., ''   ]*[0-9.])?([eE][-+]?[0-9]+[.]?)?([	
    ]*([%]|([mM][mMnN]|[bB][nN]|[kKmMbB])))?|[0-9.,]([0-9., ''   ]*[0-9.])?([eE][-+]?[0-9]+[.]?)?([	
    ]*[%][	
    ]*(([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr)?|[	
    ]*([mM][mMnN]|[bB][nN]|[kKmMbB])([	
    ]*([$]|€|£|¥|₹|₩|₽|₺|₪)|[	
    ]+(([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr))?|[	
    ]*(([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr)?))$') ELSE regexp_matches(icp__a0_num_inner, '^(([-+−][	
    ]*)?((([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|[A-Za-z][A-Za-z]?[$]|kr)[	
    ]*[0-9.,]([0-9., ''   ]*[0-9.])?([eE][-+]?[0-9]+[.]?)?([	
    ]*([%]|([mM][mMnN]|[bB][nN]|[kKmMbB])))?|[0-9.,]([0-9., ''   ]*[0-9.])?([eE][-+]?[0-9]+[.]?)?([	
    ]*[%][	
    ]*(([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr)?|[	
    ]*([mM][mMnN]|[bB][nN]|[kKmMbB])([	
    ]*([$]|€|£|¥|₹|₩|₽|₺|₪)|[	
    ]+(([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr))?|[	
    ]*(([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr)?))|(([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|[A-Za-z][A-Za-z]?[$]|kr)[	
    ]*[-+−][	
    ]*[0-9.,]([0-9., ''   ]*[0-9.])?([eE][-+]?[0-9]+[.]?)?([	
    ]*([%]|([mM][mMnN]|[bB][nN]|[kKmMbB])))?)$') END AS icp__a0_num_ok,
    icp__a0_paren OR regexp_matches(icp__a0_num_inner, '^((([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|[A-Za-z][A-Za-z]?[$]|kr)[	
    ]*)?[-−]') AS icp__a0_num_neg,
    CASE WHEN regexp_matches(icp__a0_num_inner, '[0-9.][	
    ]*[bB][nN]?[	
    ]*(([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr)?$') THEN 'e9' WHEN regexp_matches(icp__a0_num_inner, '[0-9.][	
    ]*[mM][mMnN]?[	
    ]*(([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr)?$') THEN 'e6' WHEN regexp_matches(icp__a0_num_inner, '[0-9.][	
    ]*[kK][	
    ]*(([$]|€|£|¥|₹|₩|₽|₺|₪)|([uU][sS][dD]|[eE][uU][rR]|[gG][bB][pP]|[jJ][pP][yY]|[cC][nN][yY]|[iI][nN][rR]|[cC][aA][dD]|[aA][uU][dD]|[nN][zZ][dD]|[cC][hH][fF]|[sS][eE][kK]|[nN][oO][kK]|[dD][kK][kK]|[pP][lL][nN]|[cC][zZ][kK]|[hH][uU][fF]|[bB][rR][lL]|[mM][xX][nN]|[zZ][aA][rR]|[sS][gG][dD]|[hH][kK][dD]|[kK][rR][wW]|[aA][eE][dD]|[iI][lL][sS]|[tT][rR][yY]|[rR][uU][bB]|[rR][mM][bB])|kr)?$') THEN 'e3' ELSE '' END AS icp__a0_num_scale,
    regexp_replace(regexp_replace(icp__a0_num_inner, '^[^0-9.,]+', '', 'g'), '[^0-9.,]+$', '', 'g') AS icp__a0_num_body
  FROM icp__s2
),
icp__s4 AS MATERIALIZED (
  SELECT
    icp__s3.*,
    CASE WHEN regexp_matches(icp__a0_num_body, '^[^.]*[0-9][.]$') THEN SUBSTR(icp__a0_num_body, 1, char_length(icp__a0_num_body) - 1) ELSE icp__a0_num_body END AS icp__a0_num_b
  FROM icp__s3
),
icp__s5 AS MATERIALIZED (
  SELECT
    icp__s4.*,
    CASE
      WHEN char_length(icp__a0_num_b) > 200 THEN NULL
      WHEN regexp_matches(icp__a0_num_b, '^([0-9]+([.][0-9]+)?|[.][0-9]+)([eE][-+]?0*[0-9]{1,2})?$') THEN icp__a0_num_b
      WHEN regexp_matches(icp__a0_num_b, '^0,[0-9]{3}$') THEN REPLACE(icp__a0_num_b, ',', '.')
      WHEN regexp_matches(icp__a0_num_b, '^[0-9]{1,3}(,[0-9]{2,3})*,[0-9]{3}([.][0-9]+)?$') THEN REPLACE(icp__a0_num_b, ',', '')
      WHEN regexp_matches(icp__a0_num_b, '^[0-9]*,[0-9]+([eE][-+]?0*[0-9]{1,2})?$') AND NOT regexp_matches(icp__a0_num_b, '^([1-9][0-9]{0,2}|0[0-9]{1,2}),[0-9]{3}([eE]|$)') THEN REPLACE(icp__a0_num_b, ',', '.')
      WHEN regexp_matches(icp__a0_num_b, '^[0-9]{1,3}([.][0-9]{2,3})*[.][0-9]{3}(,[0-9]+)?$') OR regexp_matches(icp__a0_num_b, '^[0-9]{1,3}([.][0-9]{2,3})+[.][0-9]{3}$') THEN REPLACE(REPLACE(icp__a0_num_b, '.', ''), ',', '.')
      WHEN regexp_matches(icp__a0_num_b, '^[0-9]{1,3}([ ''   ][0-9]{2,3})*[ ''   ][0-9]{3}([.,][0-9]+)?$') THEN REPLACE(regexp_replace(icp__a0_num_b, '[ ''   ]', '', 'g'), ',', '.')
    END AS icp__a0_num_plain
  FROM icp__s4
),
icp__s6 AS MATERIALIZED (
  SELECT
    icp__s5.*,
    CASE WHEN regexp_matches(icp__a0, '^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?0*[0-9]{1,2})?$') AND char_length(icp__a0) <= 200 THEN TRY_CAST(icp__a0 AS DOUBLE) WHEN icp__a0_num_ok AND icp__a0_num_plain IS NOT NULL AND NOT (icp__a0_num_scale <> '' AND regexp_matches(icp__a0_num_plain, '[eE]')) THEN TRY_CAST(CASE WHEN icp__a0_num_neg THEN '-' ELSE '' END || icp__a0_num_plain || icp__a0_num_scale AS DOUBLE) END AS icp__a0_number
  FROM icp__s5
),
icp__s7 AS MATERIALIZED (
  SELECT
    icp__s6.*,
    COALESCE(icp__a0_number IS NOT NULL AND icp__a0_number >= CAST(240 AS DOUBLE) AND icp__a0_number < CAST(2100 AS DOUBLE), FALSE) AS icp__c0,
    COALESCE(icp__a0_number IS NOT NULL, FALSE) AS icp__c0_present,
    COALESCE(NOT icp__a1_missing AND COALESCE(icp__a1_fold IN ('fintech', 'saas'), FALSE), FALSE) AS icp__c1,
    COALESCE(NOT icp__a1_missing, FALSE) AS icp__c1_present,
    COALESCE(NOT CASE WHEN regexp_matches(icp__a2, '[;|]') THEN (CASE WHEN (regexp_matches(icp__a2, '^[	
                  　]*\[') AND regexp_matches(icp__a2, '\][	
                  　]*$')) THEN regexp_matches(TRANSLATE(icp__a2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '^[	
                  　]*\[[	
                  　]*("[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*"|''[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*''|(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?)[	
                  　]*([;|][	
                  　]*("[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*"|''[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*''|(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?)[	
                  　]*)*\][	
                  　]*$') ELSE regexp_matches(TRANSLATE(icp__a2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '^[	
                  　]*("[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*"|''[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*''|(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?)[	
                  　]*([;|][	
                  　]*("[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*"|''[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*''|(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?)[	
                  　]*)*$') END) ELSE (CASE WHEN (regexp_matches(icp__a2, '^[	
                  　]*\[') AND regexp_matches(icp__a2, '\][	
                  　]*$')) THEN regexp_matches(TRANSLATE(icp__a2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '^[	
                  　]*\[[	
                  　]*("[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*"|''[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*''|(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?)[	
                  　]*(,[	
                  　]*("[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*"|''[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*''|(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?)[	
                  　]*)*\][	
                  　]*$') ELSE regexp_matches(TRANSLATE(icp__a2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '^[	
                  　]*("[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*"|''[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*''|(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?)[	
                  　]*(,[	
                  　]*("[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*"|''[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*''|(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?)[	
                  　]*)*$') END) END AND CASE WHEN regexp_matches(icp__a2, '[;|]') THEN (CASE WHEN (regexp_matches(icp__a2, '^[	
                  　]*\[') AND regexp_matches(icp__a2, '\][	
                  　]*$')) THEN regexp_matches(LOWER(icp__a2), '(^[	
                  　]*\[|[;|])[	
                  　]*("[	
                  　]*(snowflake)[	
                  　]*"|''[	
                  　]*(snowflake)[	
                  　]*''|(snowflake))[	
                  　]*([;|]|\][	
                  　]*$)') ELSE regexp_matches(LOWER(icp__a2), '(^|[;|])[	
                  　]*("[	
                  　]*(snowflake)[	
                  　]*"|''[	
                  　]*(snowflake)[	
                  　]*''|(snowflake))[	
                  　]*([;|]|$)') END) ELSE (CASE WHEN (regexp_matches(icp__a2, '^[	
                  　]*\[') AND regexp_matches(icp__a2, '\][	
                  　]*$')) THEN regexp_matches(LOWER(icp__a2), '(^[	
                  　]*\[|,)[	
                  　]*("[	
                  　]*(snowflake)[	
                  　]*"|''[	
                  　]*(snowflake)[	
                  　]*''|(snowflake))[	
                  　]*(,|\][	
                  　]*$)') ELSE regexp_matches(LOWER(icp__a2), '(^|,)[	
                  　]*("[	
                  　]*(snowflake)[	
                  　]*"|''[	
                  　]*(snowflake)[	
                  　]*''|(snowflake))[	
                  　]*(,|$)') END) END, FALSE) AS icp__c2,
    COALESCE(NOT CASE WHEN regexp_matches(icp__a2, '[;|]') THEN (CASE WHEN (regexp_matches(icp__a2, '^[	
                  　]*\[') AND regexp_matches(icp__a2, '\][	
                  　]*$')) THEN regexp_matches(TRANSLATE(icp__a2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '^[	
                  　]*\[[	
                  　]*("[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*"|''[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*''|(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?)[	
                  　]*([;|][	
                  　]*("[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*"|''[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*''|(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?)[	
                  　]*)*\][	
                  　]*$') ELSE regexp_matches(TRANSLATE(icp__a2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '^[	
                  　]*("[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*"|''[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*''|(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?)[	
                  　]*([;|][	
                  　]*("[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*"|''[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*''|(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?)[	
                  　]*)*$') END) ELSE (CASE WHEN (regexp_matches(icp__a2, '^[	
                  　]*\[') AND regexp_matches(icp__a2, '\][	
                  　]*$')) THEN regexp_matches(TRANSLATE(icp__a2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '^[	
                  　]*\[[	
                  　]*("[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*"|''[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*''|(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?)[	
                  　]*(,[	
                  　]*("[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*"|''[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*''|(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?)[	
                  　]*)*\][	
                  　]*$') ELSE regexp_matches(TRANSLATE(icp__a2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '^[	
                  　]*("[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*"|''[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*''|(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?)[	
                  　]*(,[	
                  　]*("[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*"|''[	
                  　]*(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?[	
                  　]*''|(-|--|n/a|null|none|nan|#n/a|[(]blank[)]|[?]|nil|undefined)?)[	
                  　]*)*$') END) END, FALSE) AS icp__c2_present,
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
  * EXCLUDE (icp__a0, icp__a1, icp__a2, icp__a3, icp__a4, icp__a0_num_text, icp__a1_missing, icp__a1_fold, icp__a3_missing, icp__a3_fold, icp__a4_missing, icp__a4_fold, icp__a0_paren, icp__a0_num_inner, icp__a0_num_ok, icp__a0_num_neg, icp__a0_num_scale, icp__a0_num_body, icp__a0_num_b, icp__a0_num_plain, icp__a0_number, icp__c0, icp__c0_present, icp__c1, icp__c1_present, icp__c2, icp__c2_present, icp__n0, icp__n1, icp__score, icp__sweet_spot, icp__disqualified, icp__reasons0, icp__reasons1, icp__reasons2, icp__reasons3),
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
