# Writes the text of INPUT into OUTPUT as a C string named VAR.
file(READ ${INPUT} text)
string(REPLACE "\\" "\\\\" text "${text}")
string(REPLACE "\"" "\\\"" text "${text}")
string(REPLACE "\n" "\\n\"\n\"" text "${text}")
file(WRITE ${OUTPUT} "/* Generated from ${INPUT}; do not edit. */\nconst char ${VAR}[] =\n\"${text}\";\n")
