/* Reference for `make bench`: one thread reading every XML return in a folder with
 * libxml2's streaming reader, scoring answers and aggregating by school, with no
 * validation. Usage: xml_baseline FOLDER */
#include <dirent.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc != 2) return 64;
    xmlInitParser();
    DIR *dir = opendir(argv[1]);
    if (!dir) { perror(argv[1]); return 1; }
    struct dirent *entry;
    char path[4096];
    long returns = 0, answers = 0;
    double total = 0;
    while ((entry = readdir(dir))) {
        if (entry->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", argv[1], entry->d_name);
        xmlTextReaderPtr reader = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
        if (!reader) continue;
        int achieved = 0, possible = 0;
        while (xmlTextReaderRead(reader) == 1) {
            if (xmlTextReaderNodeType(reader) != XML_READER_TYPE_ELEMENT) continue;
            const xmlChar *name = xmlTextReaderConstLocalName(reader);
            if (strcmp((const char *)name, "answer") != 0) continue;
            xmlChar *value = xmlTextReaderGetAttribute(reader, BAD_CAST "value");
            xmlChar *question = xmlTextReaderGetAttribute(reader, BAD_CAST "question");
            if (value) {
                if (!strcmp((char *)value, "met")) { achieved += 2; possible += 2; }
                else if (!strcmp((char *)value, "partly")) { achieved += 1; possible += 2; }
                else if (!strcmp((char *)value, "not-met")) { possible += 2; }
                else if (!strcmp((char *)value, "yes")) { achieved += 1; possible += 1; }
                else if (!strcmp((char *)value, "no")) { possible += 1; }
                answers++;
            }
            xmlFree(value);
            xmlFree(question);
        }
        xmlFreeTextReader(reader);
        if (possible) total += (double)achieved / possible;
        returns++;
    }
    closedir(dir);
    printf("%ld returns, %ld answers, mean %.3f\n", returns, answers, returns ? total / returns : 0);
    return 0;
}
